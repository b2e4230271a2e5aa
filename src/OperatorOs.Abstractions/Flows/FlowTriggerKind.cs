namespace OperatorOs;

/// <summary>Specifies what fires a transition.</summary>
public enum FlowTriggerKind
{
    /// <summary>An external event raised by name (an intent, a webhook, the operator).</summary>
    Event = 0,

    /// <summary>A durable timer that falls due a delay after the state was entered, or at a time computed on entry.</summary>
    Timer = 1,

    /// <summary>Nothing: the transition fires as soon as its state is entered and its guard holds.</summary>
    Always = 2,
}
