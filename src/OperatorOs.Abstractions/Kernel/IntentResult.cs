namespace OperatorOs;

/// <summary>Represents what the kernel did with an intent: where it went and what came of the actions proposed for it.</summary>
/// <param name="Intent">The intent.</param>
/// <param name="Route">Where the router sent it.</param>
/// <param name="Proposals">What became of each action proposed for it, in proposal order.</param>
public sealed record IntentResult(Intent Intent, RouteDecision Route, IReadOnlyList<ProposalResult> Proposals)
{
    /// <summary>Gets the handler's final text reply, if any.</summary>
    public string? Response { get; init; }

    /// <summary>Gets why the intent waits for the operator instead of being handled (no model, a failing model, a spent budget), or <see langword="null"/> when it was handled.</summary>
    /// <remarks>A deferred intent is kept in memory as Context (entity <c>intent/{id}</c>, attribute <c>deferred</c>), so nothing is dropped.</remarks>
    public string? DeferredReason { get; init; }

    /// <summary>Gets a value indicating whether the agent worked on a fallback (a cheaper tier, its deterministic strategy) rather than its own tier.</summary>
    public bool Degraded { get; init; }
}
