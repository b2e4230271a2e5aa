namespace OperatorOs;

/// <summary>An intent the kernel could not handle when it came (no model, failing models, a spent budget) and that waits for the operator.</summary>
/// <param name="Intent">The intent as it was received.</param>
/// <param name="Agent">The agent it was routed to.</param>
/// <param name="Reason">Why it could not be handled.</param>
/// <param name="DeferredAt">When it was deferred.</param>
public sealed record DeferredIntent(Intent Intent, string Agent, string Reason, DateTimeOffset DeferredAt);
