namespace OperatorOs;

/// <summary>Represents how one capability's actions have gone since the host started.</summary>
/// <param name="Completed">Actions that completed.</param>
/// <param name="Failed">Actions that failed.</param>
/// <param name="LatencyP50">The median time the executor spent, or <see langword="null"/> before the first action.</param>
/// <param name="LatencyP95">The 95th percentile of that time, or <see langword="null"/>.</param>
public sealed record CapabilityMetrics(long Completed, long Failed, TimeSpan? LatencyP50, TimeSpan? LatencyP95);
