namespace OperatorOs;

/// <summary>Represents an operator's request that a host resume a flow instance, as stored in memory (entity <c>flow-requests</c>, attribute = instance id).</summary>
/// <param name="InstanceId">The instance to resume.</param>
/// <param name="Status">Where the request stands.</param>
/// <param name="RequestedBy">Who asked.</param>
/// <param name="RequestedAt">When they asked.</param>
public sealed record FlowResumeRequest(string InstanceId, FlowResumeRequestStatus Status, string RequestedBy, DateTimeOffset RequestedAt)
{
    /// <summary>Gets the host that claimed the request, or <see langword="null"/> while it is <see cref="FlowResumeRequestStatus.Requested"/>.</summary>
    public string? HandledBy { get; init; }

    /// <summary>Gets when the request was claimed or finished, or <see langword="null"/> while it is <see cref="FlowResumeRequestStatus.Requested"/>.</summary>
    public DateTimeOffset? HandledAt { get; init; }

    /// <summary>Gets the instance's status after the resume, or <see langword="null"/> before it finished.</summary>
    public FlowStatus? InstanceStatus { get; init; }

    /// <summary>Gets why the resume failed, when <see cref="Status"/> is <see cref="FlowResumeRequestStatus.Failed"/>.</summary>
    public string? Error { get; init; }

    /// <summary>Gets the memory record's version; each change of the request is a new version.</summary>
    public int Version { get; init; }
}
