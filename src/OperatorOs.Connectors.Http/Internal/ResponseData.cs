namespace OperatorOs.Connectors.Http.Internal;

/// <summary>What one attempt received: the status, the safe headers and the body, read within the attempt's timeout.</summary>
/// <param name="StatusCode">The HTTP status code.</param>
/// <param name="Headers">The response headers on the safe list, values not yet redacted.</param>
/// <param name="MediaType">The content media type, if any.</param>
/// <param name="Charset">The content charset, if any.</param>
/// <param name="Body">The body bytes, at most the configured limit.</param>
/// <param name="Truncated">Whether the body was longer than the limit.</param>
/// <param name="RetryAfter">How long the server asked to wait, from <c>Retry-After</c>.</param>
internal sealed record ResponseData(
    int StatusCode,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string? MediaType,
    string? Charset,
    byte[] Body,
    bool Truncated,
    TimeSpan? RetryAfter)
{
    /// <summary>Gets a value indicating whether trying again may succeed: 408, 429 and 5xx.</summary>
    public bool IsTransientFailure => StatusCode is 408 or 429 or >= 500;

    /// <summary>Gets a value indicating whether the request succeeded (anything below 400; redirects are not followed).</summary>
    public bool IsSuccess => StatusCode < 400;
}
