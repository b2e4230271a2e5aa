namespace OperatorOs.Connectors.Http.Tests;

/// <summary>One request as the test server received it.</summary>
internal sealed record RecordedRequest(string Method, string PathAndQuery, string? IdempotencyKey, string? Authorization, string? ApiKey, string Body);
