namespace OperatorOs;

/// <summary>The exception thrown when an event is raised on a flow instance that reached a terminal state.</summary>
public sealed class FlowInstanceFinishedException : FlowException
{
    /// <summary>Initializes a new instance of the <see cref="FlowInstanceFinishedException"/> class.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="state">The terminal state it is in.</param>
    /// <param name="trigger">The trigger that was raised.</param>
    public FlowInstanceFinishedException(string instanceId, string state, string trigger)
        : base($"The flow instance '{instanceId}' finished in the state '{state}'; it does not accept '{trigger}'.")
    {
        InstanceId = instanceId;
        State = state;
        Trigger = trigger;
    }

    /// <summary>Gets the instance.</summary>
    public string InstanceId { get; }

    /// <summary>Gets the terminal state it is in.</summary>
    public string State { get; }

    /// <summary>Gets the trigger that was raised.</summary>
    public string Trigger { get; }
}
