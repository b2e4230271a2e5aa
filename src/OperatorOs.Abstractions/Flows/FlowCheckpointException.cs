namespace OperatorOs;

/// <summary>The exception thrown when a flow instance's journal stream cannot be read back: an event is malformed, out of order, or written by a newer schema.</summary>
public sealed class FlowCheckpointException : FlowException
{
    /// <summary>Initializes a new instance of the <see cref="FlowCheckpointException"/> class.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="sequence">The journal sequence number of the event at fault.</param>
    /// <param name="problem">What is wrong.</param>
    /// <param name="innerException">The exception that caused this one, if any.</param>
    public FlowCheckpointException(string instanceId, long sequence, string problem, Exception? innerException = null)
        : base($"The journal of flow instance '{instanceId}' cannot be read at event {sequence}: {problem}", innerException)
    {
        InstanceId = instanceId;
        Sequence = sequence;
    }

    /// <summary>Gets the instance.</summary>
    public string InstanceId { get; }

    /// <summary>Gets the journal sequence number of the event at fault.</summary>
    public long Sequence { get; }
}
