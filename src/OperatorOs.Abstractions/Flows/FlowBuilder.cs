using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>Builds a <see cref="FlowDefinition"/>: the initial state, the states with their transitions, and how intents find instances.</summary>
/// <example>
/// <code>
/// FlowDefinition enrollment = FlowDefinition.Create("enrollment", version: 1)
///     .Initial("awaiting-payment")
///     .State("awaiting-payment", s => s
///         .On("payment.received").When(c => c.Payload.GetProperty("amount").GetDecimal() >= 100)
///             .Step("record", "billing.payment.record", c => new JsonObject { ["invoiceNumber"] = c.Input.GetProperty("invoice").GetString(), ... })
///             .TransitionTo("active")
///         .After(TimeSpan.FromDays(14), "payment-overdue").TransitionTo("cancelled"))
///     .Terminal("active", "cancelled")
///     .Build();
/// </code>
/// </example>
public sealed class FlowBuilder
{
    /// <summary>The longest step name: with the instance id it forms the step's operation token, which has a bounded length.</summary>
    public const int MaxStepNameLength = 60;

    private readonly List<FlowStateBuilder> _states = [];
    private string? _initial;
    private Func<Intent, string?>? _intentCorrelation;

    /// <summary>Initializes a new instance of the <see cref="FlowBuilder"/> class.</summary>
    /// <param name="name">The flow's name.</param>
    /// <param name="version">The definition's version, from 1.</param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is <see langword="null"/>.</exception>
    public FlowBuilder(string name, int version = 1)
    {
        Name = Throw.IfNull(name);
        Version = version;
    }

    /// <summary>Gets the flow's name.</summary>
    public string Name { get; }

    /// <summary>Gets the definition's version.</summary>
    public int Version { get; }

    /// <summary>Sets the state new instances start in.</summary>
    /// <param name="state">The state.</param>
    /// <returns>This builder.</returns>
    public FlowBuilder Initial(string state)
    {
        _initial = Throw.IfNull(state);
        return this;
    }

    /// <summary>Declares a state.</summary>
    /// <param name="name">The state's name.</param>
    /// <param name="configure">Declares the state's transitions.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public FlowBuilder State(string name, Action<FlowStateBuilder> configure)
    {
        _ = Throw.IfNull(name);
        _ = Throw.IfNull(configure);
        var state = new FlowStateBuilder(name);
        configure(state);
        _states.Add(state);
        return this;
    }

    /// <summary>Declares terminal states: an instance that enters one is completed.</summary>
    /// <param name="states">The states' names.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="states"/> is <see langword="null"/>.</exception>
    public FlowBuilder Terminal(params string[] states)
    {
        foreach (string state in Throw.IfNull(states))
        {
            _states.Add(new FlowStateBuilder(Throw.IfNull(state)).Terminal());
        }

        return this;
    }

    /// <summary>Sets how an intent routed to the flow names the instance it is for; by default its correlation id.</summary>
    /// <param name="correlationKeyOf">Returns the correlation key of an intent, for example <c>student/{payload.studentId}</c>, or <see langword="null"/> when it has none.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="correlationKeyOf"/> is <see langword="null"/>.</exception>
    public FlowBuilder CorrelateIntents(Func<Intent, string?> correlationKeyOf)
    {
        _intentCorrelation = Throw.IfNull(correlationKeyOf);
        return this;
    }

    /// <summary>Validates the definition and builds it.</summary>
    /// <returns>The definition.</returns>
    /// <exception cref="FlowDefinitionException">The definition is malformed; the message names the flow, the state and the problem.</exception>
    public FlowDefinition Build()
    {
        if (!IntentName.IsValid(Name))
        {
            throw new FlowDefinitionException(Name, null, $"the name must be {IntentName.Rule}.");
        }

        if (Version < 1)
        {
            throw new FlowDefinitionException(Name, null, $"the version must be at least 1, was {Version}.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (FlowStateBuilder state in _states)
        {
            if (!IsValidStateName(state.Name))
            {
                throw new FlowDefinitionException(Name, state.Name, "a state name must be 1 to 100 printable ASCII characters without spaces.");
            }

            if (!names.Add(state.Name))
            {
                throw new FlowDefinitionException(Name, state.Name, "the state is declared more than once.");
            }
        }

        if (_initial is null)
        {
            throw new FlowDefinitionException(Name, null, "no initial state; call Initial(state).");
        }

        if (!names.Contains(_initial))
        {
            throw new FlowDefinitionException(Name, _initial, "the initial state is not declared.");
        }

        if (_states.First(s => s.Name == _initial).IsTerminal)
        {
            throw new FlowDefinitionException(Name, _initial, "the initial state is terminal, so an instance would finish before it starts.");
        }

        var states = new List<FlowStateDefinition>(_states.Count);
        foreach (FlowStateBuilder state in _states)
        {
            ValidateState(state, names);
            var transitions = new FlowTransitionDefinition[state.Transitions.Count];
            for (int i = 0; i < transitions.Length; i++)
            {
                transitions[i] = state.Transitions[i].Build(i);
            }

            states.Add(new FlowStateDefinition(state.Name, state.IsTerminal, transitions));
        }

        return new FlowDefinition(Name, Version, _initial, states, _intentCorrelation);
    }

    private void ValidateState(FlowStateBuilder state, HashSet<string> states)
    {
        if (state.IsTerminal && state.Transitions.Count > 0)
        {
            throw new FlowDefinitionException(Name, state.Name, "a terminal state cannot have transitions.");
        }

        if (!state.IsTerminal && state.Transitions.Count == 0)
        {
            throw new FlowDefinitionException(Name, state.Name, "the state has no transitions and is not terminal, so an instance entering it would be stuck; add a transition or mark it Terminal().");
        }

        var timers = new HashSet<string>(StringComparer.Ordinal);
        foreach (FlowTransitionBuilder transition in state.Transitions)
        {
            string what = transition.Kind switch
            {
                FlowTriggerKind.Event => $"the transition on '{transition.Trigger}'",
                FlowTriggerKind.Timer => $"the timer '{transition.Trigger}'",
                _ => "the automatic transition",
            };

            if (transition.Kind == FlowTriggerKind.Event && (!IntentName.IsValid(transition.Trigger) || transition.Trigger == FlowStateBuilder.AlwaysTrigger))
            {
                throw new FlowDefinitionException(Name, state.Name, $"the trigger '{transition.Trigger}' must be {IntentName.Rule}, and not '{FlowStateBuilder.AlwaysTrigger}'.");
            }

            if (transition.Kind == FlowTriggerKind.Timer)
            {
                if (!IsValidStateName(transition.Trigger) || !timers.Add(transition.Trigger))
                {
                    throw new FlowDefinitionException(Name, state.Name, $"the timer name '{transition.Trigger}' is malformed or used twice in the state.");
                }

                if (transition.Delay is { } delay && delay <= TimeSpan.Zero)
                {
                    throw new FlowDefinitionException(Name, state.Name, $"{what} has a delay of {delay}; it must be positive.");
                }
            }

            if (transition.Target is null)
            {
                throw new FlowDefinitionException(Name, state.Name, $"{what} has no target; finish it with TransitionTo(state).");
            }

            if (!states.Contains(transition.Target))
            {
                throw new FlowDefinitionException(Name, state.Name, $"{what} targets the undeclared state '{transition.Target}'.");
            }

            if (transition.RefusedTarget is { } refused && !states.Contains(refused))
            {
                throw new FlowDefinitionException(Name, state.Name, $"{what} goes to the undeclared state '{refused}' on refusal.");
            }

            if (transition.Kind == FlowTriggerKind.Always && transition.Target == state.Name && transition.Steps.Count == 0)
            {
                throw new FlowDefinitionException(Name, state.Name, $"{what} re-enters its own state without doing anything, which would loop forever.");
            }

            var steps = new HashSet<string>(StringComparer.Ordinal);
            foreach (FlowStepDefinition step in transition.Steps)
            {
                if (!IntentName.IsValid(step.Name) || step.Name.Length > MaxStepNameLength || !steps.Add(step.Name))
                {
                    throw new FlowDefinitionException(Name, state.Name, $"in {what}, the step name '{step.Name}' is malformed ({IntentName.Rule}, at most {MaxStepNameLength}) or used twice.");
                }

                if (!IntentName.IsValid(step.Capability))
                {
                    throw new FlowDefinitionException(Name, state.Name, $"in {what}, the step '{step.Name}' names the malformed capability '{step.Capability}'.");
                }
            }
        }
    }

    private static bool IsValidStateName(string name) =>
        name.Length is > 0 and <= 100 && name.All(c => c is > ' ' and <= '~');
}
