namespace OperatorOs;

/// <summary>The exception thrown when a flow instance is started with an id, or a correlation key, that an instance already has.</summary>
public sealed class FlowInstanceExistsException : FlowException
{
    /// <summary>Initializes a new instance of the <see cref="FlowInstanceExistsException"/> class.</summary>
    /// <param name="instanceId">The existing instance's id.</param>
    /// <param name="message">What collided.</param>
    public FlowInstanceExistsException(string instanceId, string message)
        : base(message)
    {
        InstanceId = instanceId;
    }

    /// <summary>Gets the existing instance's id.</summary>
    public string InstanceId { get; }
}
