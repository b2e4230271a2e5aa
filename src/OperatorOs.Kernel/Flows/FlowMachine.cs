using System.Globalization;
using System.Text.Json;

namespace OperatorOs;

/// <summary>The deterministic decisions of a flow, shared by the runtime and <see cref="FlowReplay"/>: which transition fires, when timers fall due, what a step proposes.</summary>
internal static class FlowMachine
{
    /// <summary>The longest instance id; with a step name it forms the step's operation token.</summary>
    public const int MaxInstanceIdLength = 100;

    public static bool IsValidInstanceId(string id)
    {
        if (id.Length is 0 or > MaxInstanceIdLength)
        {
            return false;
        }

        foreach (char c in id)
        {
            if (c is <= ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    public static FlowContext Context(FlowCheckpoint cp, string trigger, JsonElement payload, DateTimeOffset at) =>
        new(cp.InstanceId, cp.FlowName, cp.FlowVersion, cp.State, trigger, cp.Data, payload, at);

    // The loops over a state's transitions index the list: foreach over the interface would allocate an enumerator per call.

    /// <summary>Returns the first transition of the state for the trigger whose guard holds, or <see langword="null"/>.</summary>
    public static FlowTransitionDefinition? Select(FlowStateDefinition state, FlowTriggerKind kind, string trigger, FlowContext context)
    {
        IReadOnlyList<FlowTransitionDefinition> transitions = state.Transitions;
        for (int i = 0; i < transitions.Count; i++)
        {
            FlowTransitionDefinition transition = transitions[i];
            if (transition.Kind == kind && transition.Trigger == trigger && (transition.Guard is null || transition.Guard(context)))
            {
                return transition;
            }
        }

        return null;
    }

    /// <summary>Returns the first transition of the state for the trigger whose guard holds, building the guards' context only when one has a guard.</summary>
    public static FlowTransitionDefinition? Select(FlowStateDefinition state, FlowTriggerKind kind, string trigger, FlowCheckpoint cp, JsonElement payload, DateTimeOffset at)
    {
        FlowContext? context = null;
        IReadOnlyList<FlowTransitionDefinition> transitions = state.Transitions;
        for (int i = 0; i < transitions.Count; i++)
        {
            FlowTransitionDefinition transition = transitions[i];
            if (transition.Kind == kind && transition.Trigger == trigger
                && (transition.Guard is null || transition.Guard(context ??= Context(cp, trigger, payload, at))))
            {
                return transition;
            }
        }

        return null;
    }

    public static bool Declares(FlowStateDefinition state, FlowTriggerKind kind, string trigger)
    {
        IReadOnlyList<FlowTransitionDefinition> transitions = state.Transitions;
        for (int i = 0; i < transitions.Count; i++)
        {
            FlowTransitionDefinition transition = transitions[i];
            if (transition.Kind == kind && transition.Trigger == trigger)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Tells whether a state sets timers, so its entry context need not be built when it does not.</summary>
    public static bool HasTimers(FlowStateDefinition state)
    {
        if (state.IsTerminal)
        {
            return false;
        }

        IReadOnlyList<FlowTransitionDefinition> transitions = state.Transitions;
        for (int i = 0; i < transitions.Count; i++)
        {
            FlowTransitionDefinition transition = transitions[i];
            if (transition.Kind == FlowTriggerKind.Timer)
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

        IReadOnlyList<FlowTransitionDefinition> transitions = state.Transitions;
        for (int i = 0; i < transitions.Count; i++)
        {
            FlowTransitionDefinition transition = transitions[i];
            if (transition.Kind == FlowTriggerKind.Timer)
            {
                DateTimeOffset due = transition.Delay is { } delay ? entry.Now + delay : transition.DueAt!(entry);
                timers.Add(new FlowTimer(transition.Trigger, due.ToUniversalTime()));
            }
        }

        return timers;
    }

    /// <summary>The token of a step: <see cref="OperationToken.ForFlowStep"/> of the instance and <c>{transition}.{step}</c>, built as one string.</summary>
    public static OperationToken Token(string instanceId, int seq, string step) =>
        new(string.Create(CultureInfo.InvariantCulture, $"flow:{instanceId}:{seq}.{step}"));

    /// <summary>The rationale a step without its own gets: which flow takes it, on what, from where.</summary>
    public static string DefaultRationale(FlowDefinition definition, string state, string trigger, FlowStepDefinition step) =>
        DefaultRationale(definition.Name, definition.Version, state, trigger, step.Name);

    /// <summary>The default rationale from names alone, as a reader of the journal rebuilds it.</summary>
    public static string DefaultRationale(string flowName, int flowVersion, string state, string trigger, string step) =>
        $"Flow {flowName} v{flowVersion} takes the step '{step}' on '{trigger}' from the state '{state}'.";

    /// <summary>Builds the proposal of a step: deterministic id and token from (instance, transition number, step).</summary>
    /// <param name="cp">The instance, in the middle of the step's transition.</param>
    /// <param name="definition">The instance's definition.</param>
    /// <param name="step">The step.</param>
    /// <param name="arguments">The step's arguments.</param>
    /// <param name="rationale">The step's rationale: its own, or <see cref="DefaultRationale(FlowDefinition, string, string, FlowStepDefinition)"/> (the runtime keeps one per step).</param>
    public static ActionProposal Proposal(FlowCheckpoint cp, FlowDefinition definition, FlowStepDefinition step, JsonElement arguments, string rationale)
    {
        FlowPending pending = cp.Pending!;
        OperationToken token = Token(cp.InstanceId, pending.Seq, step.Name);
        return new ActionProposal(token.Value, step.Capability, arguments, definition.Name, pending.At)
        {
            ProposerKind = ActorKind.Flow,
            OperationToken = token,
            Rationale = rationale,
            InputReferences = cp.InputReferences,
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
