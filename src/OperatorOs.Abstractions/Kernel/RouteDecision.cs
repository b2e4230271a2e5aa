namespace OperatorOs;

/// <summary>Represents where the router sent an intent and by which rule.</summary>
/// <param name="TargetKind">What handles the intent.</param>
/// <param name="Target">The name of the agent role or flow, or <see langword="null"/> when the intent was not routed.</param>
/// <param name="Rule">The routing rule that matched: <c>exact</c>, a rule route's id, <c>semantic</c>, or <c>unrouted</c>.</param>
public sealed record RouteDecision(RouteTargetKind TargetKind, string? Target, string Rule)
{
    /// <summary>Gets the similarity score of a semantic decision, or <see langword="null"/>.</summary>
    public double? Score { get; init; }

    /// <summary>Gets the best semantic candidates with their scores, best first; for an unrouted intent these are what the operator is shown.</summary>
    public IReadOnlyList<RouteCandidate> Candidates { get; init; } = [];

    /// <summary>Gets a value indicating whether a route matched.</summary>
    public bool IsRouted => TargetKind != RouteTargetKind.Operator;

    /// <summary>Gets the decision for an intent no route matched.</summary>
    public static RouteDecision Unrouted { get; } = new(RouteTargetKind.Operator, null, "unrouted");
}
