using System.Text.Json;

namespace OperatorOs;

/// <summary>The deterministic decisions of a flow, shared by the runtime and <see cref="FlowReplay"/>: which transition fires, when timers fall due, what a step proposes.</summary>
internal static class FlowMachine
{
    /// <summary>The longest instance id; with a step name it forms the step's operation token.</summary>
    public const int MaxInstanceIdLength = 100;

    public static bool IsValidInstanceId(string id) =>
        id.Length is > 0 and <= MaxInstanceIdLength && id.All(c => c is > ' ' and <= '~');

    public static FlowContext Context(FlowCheckpoint cp, string trigger, JsonElement payload, DateTimeOffset at) =>
        new(cp.InstanceId, cp.FlowName, cp.FlowVersion, cp.State, trigger, cp.Data, payload, at);

    /// <summary>Returns the first transition of the state for the trigger whose guard holds, or <see langword="null"/>.</summary>
    public static FlowTransitionDefinition? Select(FlowStateDefinition state, FlowTriggerKind kind, string trigger, FlowContext context)
    {
        foreach (FlowTransitionDefinition transition in state.Transitions)
        {
            if (transition.Kind == kind && transition.Trigger == trigger && (transition.Guard is null || transition.Guard(context)))
            {
                return transition;
            }
        }

        return null;
    }

    public static bool Declares(FlowStateDefinition state, FlowTriggerKind kind, string trigger)
    {
        foreach (FlowTransitionDefinition transition in state.Transitions)
        {
            if (transition.Kind == kind && transition.Trigger == trigger)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Computes the timers of a state entered at a time, in declaration order.</summary>
    public static List<FlowTimer> Timers(FlowStateDefinition state, FlowContext entry)
    {
        var timers = new List<FlowTimer>();
        if (state.IsTerminal)
        {
            return timers;
        }

        foreach (FlowTransitionDefinition transition in state.Transitions)
        {
            if (transition.Kind == FlowTriggerKind.Timer)
            {
                DateTimeOffset due = transition.Delay is { } delay ? entry.Now + delay : transition.DueAt!(entry);
                timers.Add(new FlowTimer(transition.Trigger, due.ToUniversalTime()));
            }
        }

        return timers;
    }

    public static OperationToken Token(string instanceId, int seq, string step) =>
        OperationToken.ForFlowStep(instanceId, $"{seq}.{step}");

    /// <summary>Builds the proposal of a step: deterministic id and token from (instance, transition number, step).</summary>
    public static ActionProposal Proposal(FlowCheckpoint cp, FlowDefinition definition, FlowStepDefinition step, JsonElement arguments)
    {
        FlowPending pending = cp.Pending!;
        OperationToken token = Token(cp.InstanceId, pending.Seq, step.Name);
        return new ActionProposal(token.Value, step.Capability, arguments, definition.Name, pending.At)
        {
            ProposerKind = ActorKind.Flow,
            OperationToken = token,
            Rationale = step.Rationale ?? $"Flow {definition.Name} v{definition.Version} takes the step '{step.Name}' on '{pending.Trigger}' from the state '{cp.State}'.",
            InputReferences = [$"flow/{cp.InstanceId}"],
            Taint = cp.Taint,
            CorrelationId = cp.CorrelationId,
        };
    }

    /// <summary>Builds a step's arguments; a builder that throws or returns something other than an object is a definition error.</summary>
    public static JsonElement Arguments(FlowDefinition definition, string state, FlowStepDefinition step, FlowContext context)
    {
        JsonElement arguments;
        try
        {
            arguments = step.Arguments(context);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new FlowDefinitionException(definition.Name, state, $"the arguments of the step '{step.Name}' could not be built: {ex.Message}");
        }

        return arguments.ValueKind == JsonValueKind.Object
            ? arguments
            : throw new FlowDefinitionException(definition.Name, state, $"the arguments of the step '{step.Name}' must be a JSON object, not {arguments.ValueKind}.");
    }
}
