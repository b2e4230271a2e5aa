namespace OperatorOs;

/// <summary>The system's mode right now, why, since when, and how long it has been degraded in all.</summary>
/// <param name="Mode">The current mode.</param>
/// <param name="Reason">Why the system is in this mode, or <see langword="null"/> when it is online.</param>
/// <param name="Since">When the current mode began.</param>
/// <param name="DegradedTime">The total time spent degraded since the host started, including the current spell.</param>
public sealed record OperatorStatus(OperatorMode Mode, string? Reason, DateTimeOffset Since, TimeSpan DegradedTime);
