using System.Globalization;
using System.Text;
using OperatorOs.Connectors.Http.Internal;

namespace OperatorOs.Connectors.Http;

/// <summary>Represents the settings of an <see cref="HttpConnector"/>: where it calls, with which credentials, and which operations it offers.</summary>
/// <remarks>
/// <para>Credentials (<see cref="BearerToken"/>, <see cref="ApiKey"/>) are meant to come from configuration, user secrets or
/// environment variables. The connector sends them only as request headers: they never appear in results, exception messages
/// or <see cref="ToString"/>, and any echo of them in a response is replaced by <c>***</c>.</para>
/// <para>The connector copies the values when it is created; changing the options afterwards has no effect on it.</para>
/// </remarks>
public class HttpConnectorOptions
{
    /// <summary>Gets or sets the connector's name.</summary>
    /// <value>The default value is <c>http</c>. Give each connector its own name when registering several.</value>
    public string Name { get; set; } = HttpConnectorConstants.DefaultName;

    /// <summary>Gets or sets the absolute URI that relative URL templates are resolved against.</summary>
    /// <value>The default value is <see langword="null"/>; then every URL template must be absolute.</value>
    public Uri? BaseAddress { get; set; }

    /// <summary>Gets the headers sent with every request.</summary>
    /// <value>Empty by default. Values of credential headers such as <c>Authorization</c>, <c>Cookie</c> or <c>X-Api-Key</c>
    /// are treated as secrets and redacted like <see cref="BearerToken"/>.</value>
    public IDictionary<string, string> DefaultHeaders { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets a bearer token sent as <c>Authorization: Bearer &lt;token&gt;</c>.</summary>
    /// <value>The default value is <see langword="null"/>: no bearer token. The value is a secret.</value>
    public string? BearerToken { get; set; }

    /// <summary>Gets or sets the name of the header that carries <see cref="ApiKey"/>.</summary>
    /// <value>The default value is <c>X-Api-Key</c>.</value>
    public string ApiKeyHeaderName { get; set; } = HttpConnectorConstants.DefaultApiKeyHeaderName;

    /// <summary>Gets or sets an API key sent in the <see cref="ApiKeyHeaderName"/> header.</summary>
    /// <value>The default value is <see langword="null"/>: no API key. The value is a secret.</value>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets how long one attempt (sending the request and reading the response) may take.</summary>
    /// <value>The default value is 30 seconds. It must be positive.</value>
    public TimeSpan Timeout { get; set; } = HttpConnectorConstants.DefaultTimeout;

    /// <summary>Gets or sets the name of the header that carries the operation token as idempotency key.</summary>
    /// <value>The default value is <c>Idempotency-Key</c>. <see langword="null"/> or empty sends no key, and then requests with
    /// non-idempotent methods are never retried.</value>
    public string? IdempotencyKeyHeaderName { get; set; } = HttpConnectorConstants.DefaultIdempotencyKeyHeaderName;

    /// <summary>Gets or sets a value indicating whether requests with non-idempotent methods (POST, PATCH) are retried when they carry an idempotency key.</summary>
    /// <value>The default value is <see langword="true"/>: the server's idempotency-key handling makes the retry safe. Set it to
    /// <see langword="false"/> for servers that ignore the key.</value>
    public bool RetryKeyedNonIdempotentMethods { get; set; } = true;

    /// <summary>Gets or sets how many times a failed attempt is retried.</summary>
    /// <value>The default value is 3. It must be between 0 and 10.</value>
    public int MaxRetryAttempts { get; set; } = HttpConnectorConstants.DefaultMaxRetryAttempts;

    /// <summary>Gets or sets the base delay between attempts; it grows exponentially, with jitter, unless the server sends <c>Retry-After</c>.</summary>
    /// <value>The default value is 500 milliseconds. It must not be negative.</value>
    public TimeSpan RetryDelay { get; set; } = HttpConnectorConstants.DefaultRetryDelay;

    /// <summary>Gets or sets the longest <c>Retry-After</c> the connector waits for; a response asking for longer is not retried.</summary>
    /// <value>The default value is 30 seconds. It must not be negative.</value>
    public TimeSpan MaxRetryAfter { get; set; } = HttpConnectorConstants.DefaultMaxRetryAfter;

    /// <summary>Gets or sets the largest response body, in bytes, the connector reads.</summary>
    /// <value>The default value is 1 MiB (1,048,576 bytes). It must be positive.</value>
    public int MaxResponseBytes { get; set; } = HttpConnectorConstants.DefaultMaxResponseBytes;

    /// <summary>Gets or sets how many characters of a non-JSON response body a result keeps.</summary>
    /// <value>The default value is 4,096. It must be positive.</value>
    public int MaxTextBodyChars { get; set; } = HttpConnectorConstants.DefaultMaxTextBodyChars;

    /// <summary>Gets or sets a value indicating whether the connector offers only the operations of tier <see cref="RiskTier.Read"/>.</summary>
    /// <value>The default value is <see langword="false"/>. When <see langword="true"/>, other operations are neither listed nor executable.</value>
    public bool ReadOnly { get; set; }

    /// <summary>Gets or sets the SQLite file that records completed operations, so a token's result survives a restart; <see langword="null"/> keeps the record in memory for the connector's lifetime.</summary>
    /// <remarks>Without a file, a retry after a restart is still safe only where the server honours the Idempotency-Key.</remarks>
    public string? LedgerPath { get; set; }

    /// <summary>Gets the operations the connector offers as capabilities.</summary>
    /// <value>Empty by default; at least one operation is required, and names must be unique.</value>
    public IList<HttpOperation> Operations { get; } = [];

    /// <summary>Describes the options with every credential redacted.</summary>
    /// <returns>A one-line description, safe to log.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        _ = text.Append(CultureInfo.InvariantCulture, $"{nameof(HttpConnectorOptions)} {{ Name = {Name}, BaseAddress = {BaseAddress}, ");
        _ = text.Append(CultureInfo.InvariantCulture, $"BearerToken = {Mask(BearerToken)}, ApiKey = {Mask(ApiKey)}, DefaultHeaders = [");
        _ = text.AppendJoin(", ", DefaultHeaders.Select(h => $"{h.Key}: {(SecretRedactor.IsSensitiveHeader(h.Key, ApiKeyHeaderName) ? Mask(h.Value) : h.Value)}"));
        _ = text.Append(CultureInfo.InvariantCulture, $"], Timeout = {Timeout}, Operations = {Operations.Count}, ReadOnly = {ReadOnly} }}");
        return text.ToString();
    }

    private static string Mask(string? secret) => string.IsNullOrEmpty(secret) ? "(none)" : SecretRedactor.Mask;
}
