using System.Text.Json;

namespace OperatorOs;

/// <summary>An instance's state as folded from its journal stream; changed only by <see cref="FlowHistory.Apply"/>, so what runs equals what recovery rebuilds.</summary>
internal sealed class FlowCheckpoint
{
    public required string InstanceId { get; init; }

    public required string FlowName { get; init; }

    public required int FlowVersion { get; init; }

    public string? CorrelationKey { get; init; }

    public string? CorrelationId { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required string State { get; set; }

    public FlowStatus Status { get; set; }

    public required FlowData Data { get; set; }

    public int Seq { get; set; }

    public TrustLevel Taint { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public FlowPending? Pending { get; set; }

    public IReadOnlyList<FlowTimer> Timers { get; set; } = [];

    public string? Error { get; set; }

    /// <summary>Gets or sets until when the service a transient failure came from asked not to be tried again (its Retry-After); null when it did not say.</summary>
    public DateTimeOffset? RetryAt { get; set; }

    /// <summary>Gets the instance's journal stream, <c>flow/{instanceId}</c>, built once.</summary>
    public string Stream => field ??= FlowEventTypes.StreamOf(InstanceId);

    /// <summary>Gets what every step proposal of the instance names as its input: the instance's stream.</summary>
    public IReadOnlyList<string> InputReferences => field ??= [Stream];

    public FlowInstance ToInstance()
    {
        DateTimeOffset? next = null;
        for (int i = 0; i < Timers.Count; i++)
        {
            DateTimeOffset due = Timers[i].Due;
            next = next is null || due < next ? due : next;
        }

        if (RetryAt is { } retry && Error is not null && (next is null || retry < next))
        {
            next = retry;
        }

        return new FlowInstance(InstanceId, FlowName, FlowVersion, State, Status, Data.Element)
        {
            CorrelationKey = CorrelationKey,
            Transitions = Seq,
            StartedAt = StartedAt,
            UpdatedAt = UpdatedAt,
            PendingTrigger = Pending?.Trigger,
            PendingStep = Pending?.Step,
            ApprovalId = Pending?.ApprovalId,
            NextTimerAt = next,
            Error = Error,
        };
    }
}
