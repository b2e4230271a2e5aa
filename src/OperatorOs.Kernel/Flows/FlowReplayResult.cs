namespace OperatorOs;

/// <summary>Represents the outcome of replaying a recorded flow history against the current code.</summary>
/// <param name="InstanceId">The instance replayed, or <see langword="null"/> when the history was empty.</param>
/// <param name="EventsReplayed">How many events were replayed up to the end or the divergence.</param>
/// <param name="Divergence">The first divergence, or <see langword="null"/> when the code reproduces every decision.</param>
public sealed record FlowReplayResult(string? InstanceId, int EventsReplayed, FlowDivergence? Divergence)
{
    /// <summary>Gets a value indicating whether the current code decided differently from the history.</summary>
    public bool Diverged => Divergence is not null;
}
