namespace OperatorOs.Connectors.Http.Internal;

/// <summary>The defaults of <see cref="HttpConnectorOptions"/>.</summary>
internal static class HttpConnectorConstants
{
    public const string DefaultName = "http";
    public const string DefaultApiKeyHeaderName = "X-Api-Key";
    public const string DefaultIdempotencyKeyHeaderName = "Idempotency-Key";
    public const int DefaultMaxRetryAttempts = 3;
    public const int MaxRetryAttemptsLimit = 10;
    public const int DefaultMaxResponseBytes = 1024 * 1024;
    public const int DefaultMaxTextBodyChars = 4096;
    public const int ErrorExcerptChars = 512;

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultRetryDelay = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan DefaultMaxRetryAfter = TimeSpan.FromSeconds(30);

    /// <summary>The response headers a result keeps; everything else (cookies, authentication challenges) is dropped.</summary>
    public static readonly string[] SafeResponseHeaders =
    [
        "Content-Type", "Content-Length", "Location", "ETag", "Last-Modified", "Retry-After", "Idempotency-Key",
        "Idempotent-Replayed", "X-Request-Id", "Request-Id",
    ];
}
