using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>Builds one state of a flow: its transitions, or that it is terminal.</summary>
public sealed class FlowStateBuilder
{
    /// <summary>The trigger name of automatic transitions.</summary>
    public const string AlwaysTrigger = "always";

    private readonly List<FlowTransitionBuilder> _transitions = [];

    internal FlowStateBuilder(string name)
    {
        Name = name;
    }

    internal string Name { get; }

    internal bool IsTerminal { get; private set; }

    internal IReadOnlyList<FlowTransitionBuilder> Transitions => _transitions;

    /// <summary>Declares a transition fired by an external event.</summary>
    /// <param name="trigger">The event name (lower-case dot-separated segments, like an intent name).</param>
    /// <returns>The transition's builder; finish it with <see cref="FlowTransitionBuilder.TransitionTo"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="trigger"/> is <see langword="null"/>.</exception>
    public FlowTransitionBuilder On(string trigger) => Add(FlowTriggerKind.Event, Throw.IfNull(trigger), null, null);

    /// <summary>Declares a durable timer: the transition fires a delay after the state was entered, unless the instance left it.</summary>
    /// <param name="delay">The delay, positive.</param>
    /// <param name="name">The timer's name, recorded in the journal; by default <c>after-{seconds}s</c>.</param>
    /// <returns>The transition's builder.</returns>
    public FlowTransitionBuilder After(TimeSpan delay, string? name = null) =>
        Add(FlowTriggerKind.Timer, name ?? $"after-{(long)delay.TotalSeconds}s", delay, null);

    /// <summary>Declares a durable timer due at a time computed from the context when the state is entered.</summary>
    /// <param name="dueAt">Computes the due time; it must be deterministic (use <see cref="FlowContext.Now"/>, not a clock).</param>
    /// <param name="name">The timer's name, recorded in the journal.</param>
    /// <returns>The transition's builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public FlowTransitionBuilder At(Func<FlowContext, DateTimeOffset> dueAt, string name) =>
        Add(FlowTriggerKind.Timer, Throw.IfNull(name), null, Throw.IfNull(dueAt));

    /// <summary>Declares an automatic transition, fired as soon as the state is entered and its guard holds.</summary>
    /// <returns>The transition's builder.</returns>
    public FlowTransitionBuilder Always() => Add(FlowTriggerKind.Always, AlwaysTrigger, null, null);

    /// <summary>Marks the state terminal: an instance that enters it is completed. A terminal state has no transitions.</summary>
    /// <returns>This builder.</returns>
    public FlowStateBuilder Terminal()
    {
        IsTerminal = true;
        return this;
    }

    private FlowTransitionBuilder Add(FlowTriggerKind kind, string trigger, TimeSpan? delay, Func<FlowContext, DateTimeOffset>? dueAt)
    {
        var transition = new FlowTransitionBuilder(this, kind, trigger, delay, dueAt);
        _transitions.Add(transition);
        return transition;
    }
}
