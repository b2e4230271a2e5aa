namespace OperatorOs;

/// <summary>The exception thrown when a flow instance cannot take an event now: the trigger is unknown to its flow, not accepted in its state, or the instance is busy with a transition.</summary>
public sealed class FlowTriggerException : FlowException
{
    /// <summary>Initializes a new instance of the <see cref="FlowTriggerException"/> class.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="state">The state it is in.</param>
    /// <param name="trigger">The trigger that was raised.</param>
    /// <param name="reason">Why the event was refused.</param>
    public FlowTriggerException(string instanceId, string state, string trigger, FlowTriggerRefusal reason)
        : base(reason switch
        {
            FlowTriggerRefusal.UnknownTrigger => $"The flow of instance '{instanceId}' has no trigger '{trigger}'.",
            FlowTriggerRefusal.NotAcceptedInState => $"The flow instance '{instanceId}' is in the state '{state}', which does not accept '{trigger}'.",
            _ => $"The flow instance '{instanceId}' is in the middle of a transition from '{state}' (waiting for an approval or a resume); raise '{trigger}' again once it completes.",
        })
    {
        InstanceId = instanceId;
        State = state;
        Trigger = trigger;
        Reason = reason;
    }

    /// <summary>Gets the instance.</summary>
    public string InstanceId { get; }

    /// <summary>Gets the state it is in.</summary>
    public string State { get; }

    /// <summary>Gets the trigger that was raised.</summary>
    public string Trigger { get; }

    /// <summary>Gets why the event was refused.</summary>
    public FlowTriggerRefusal Reason { get; }
}
