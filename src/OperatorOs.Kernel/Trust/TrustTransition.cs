namespace OperatorOs;

/// <summary>One step on the ladder: the standing after an event, and the journal event type when the step is worth one.</summary>
internal readonly record struct TrustTransition(TrustStanding Next, string? EventType, string Reason);
