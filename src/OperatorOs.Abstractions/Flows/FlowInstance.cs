using System.Text.Json;

namespace OperatorOs;

/// <summary>Represents a flow instance as it stands: definition, state, status and data.</summary>
/// <param name="Id">The instance id.</param>
/// <param name="FlowName">The definition's name.</param>
/// <param name="FlowVersion">The definition's version; an instance keeps the version it started with.</param>
/// <param name="State">The current state (the source state while a transition is under way).</param>
/// <param name="Status">Where the instance stands.</param>
/// <param name="Data">The instance data: <c>{ "input": ..., "steps": { ... }, "events": { ... } }</c>.</param>
public sealed record FlowInstance(string Id, string FlowName, int FlowVersion, string State, FlowStatus Status, JsonElement Data)
{
    /// <summary>Gets the key that lets events find the instance, for example <c>student/42</c>, or <see langword="null"/>.</summary>
    public string? CorrelationKey { get; init; }

    /// <summary>Gets how many transitions the instance completed.</summary>
    public int Transitions { get; init; }

    /// <summary>Gets when the instance started.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>Gets when the instance last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Gets the trigger of the transition under way, or <see langword="null"/> when none is.</summary>
    public string? PendingTrigger { get; init; }

    /// <summary>Gets the step the instance waits at (for an approval, a resume or a retry), or <see langword="null"/>.</summary>
    public string? PendingStep { get; init; }

    /// <summary>Gets the approval request the instance waits for, or <see langword="null"/>.</summary>
    public string? ApprovalId { get; init; }

    /// <summary>Gets when the next timer of the current state falls due, or <see langword="null"/> when none is set.</summary>
    public DateTimeOffset? NextTimerAt { get; init; }

    /// <summary>Gets the last error, when <see cref="Status"/> is <see cref="FlowStatus.Failed"/> or a step failed transiently.</summary>
    public string? Error { get; init; }

    /// <summary>Gets a value indicating whether the instance is finished: <see cref="FlowStatus.Completed"/>.</summary>
    public bool IsCompleted => Status == FlowStatus.Completed;
}
