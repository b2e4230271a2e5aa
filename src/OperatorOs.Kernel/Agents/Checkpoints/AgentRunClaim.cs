namespace OperatorOs;

/// <summary>A run's hold on its index entry: the version it wrote last, which its next write must still find there.</summary>
internal sealed record AgentRunClaim(int IndexVersion);
