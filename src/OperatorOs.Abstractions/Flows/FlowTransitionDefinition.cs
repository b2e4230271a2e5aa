namespace OperatorOs;

/// <summary>Describes a transition: what fires it, the guard that must hold, the steps it takes and the state it enters.</summary>
public sealed class FlowTransitionDefinition
{
    internal FlowTransitionDefinition(
        FlowTriggerKind kind,
        string trigger,
        int ordinal,
        Func<FlowContext, bool>? guard,
        IReadOnlyList<FlowStepDefinition> steps,
        string target,
        string? refusedTarget,
        TimeSpan? delay,
        Func<FlowContext, DateTimeOffset>? dueAt)
    {
        Kind = kind;
        Trigger = trigger;
        Ordinal = ordinal;
        Guard = guard;
        Steps = steps;
        Target = target;
        RefusedTarget = refusedTarget;
        Delay = delay;
        DueAt = dueAt;
    }

    /// <summary>Gets what fires the transition.</summary>
    public FlowTriggerKind Kind { get; }

    /// <summary>Gets the event name, the timer name, or <c>always</c>.</summary>
    public string Trigger { get; }

    /// <summary>Gets the transition's position among its state's transitions; transitions are tried in this order.</summary>
    public int Ordinal { get; }

    /// <summary>Gets the guard that must hold for the transition to fire, or <see langword="null"/> for none.</summary>
    public Func<FlowContext, bool>? Guard { get; }

    /// <summary>Gets the steps the transition takes, in order.</summary>
    public IReadOnlyList<FlowStepDefinition> Steps { get; }

    /// <summary>Gets the state the transition enters when every step completed.</summary>
    public string Target { get; }

    /// <summary>Gets the state the transition enters when a step is refused (approval rejected or expired, policy denied or shadowed), or <see langword="null"/> to fail the instance.</summary>
    public string? RefusedTarget { get; }

    /// <summary>Gets a timer's delay after the state was entered, or <see langword="null"/>.</summary>
    public TimeSpan? Delay { get; }

    /// <summary>Gets the function that computes a timer's due time when the state is entered, or <see langword="null"/>.</summary>
    public Func<FlowContext, DateTimeOffset>? DueAt { get; }
}
