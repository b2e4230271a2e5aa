namespace OperatorOs;

/// <summary>Represents what the kernel did with an intent: where it went and what came of the actions proposed for it.</summary>
/// <param name="Intent">The intent.</param>
/// <param name="Route">Where the router sent it.</param>
/// <param name="Proposals">What became of each action proposed for it, in proposal order.</param>
public sealed record IntentResult(Intent Intent, RouteDecision Route, IReadOnlyList<ProposalResult> Proposals)
{
    /// <summary>Gets the handler's final text reply, if any.</summary>
    public string? Response { get; init; }
}
