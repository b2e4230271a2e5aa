namespace OperatorOs.Connectors.Http.Tests;

/// <summary>A failure the test server answers the next request with, instead of handling it.</summary>
/// <param name="Status">The status to answer with.</param>
/// <param name="RetryAfter">The Retry-After header value, if any.</param>
/// <param name="Delay">How long to wait before answering (before any processing).</param>
internal sealed record ScriptedResponse(int Status, string? RetryAfter = null, TimeSpan? Delay = null);
