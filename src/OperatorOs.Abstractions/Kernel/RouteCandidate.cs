namespace OperatorOs;

/// <summary>Represents a route the router considered for an intent, with its similarity score.</summary>
/// <param name="TargetKind">What the route targets.</param>
/// <param name="Target">The agent role or flow.</param>
/// <param name="Score">The cosine similarity between the intent and the route's closest exemplar.</param>
public sealed record RouteCandidate(RouteTargetKind TargetKind, string Target, double Score);
