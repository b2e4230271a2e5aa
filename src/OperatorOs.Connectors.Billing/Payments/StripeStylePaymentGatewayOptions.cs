namespace OperatorOs.Connectors.Billing;

/// <summary>Represents the settings of a <see cref="StripeStylePaymentGateway"/>.</summary>
/// <remarks><see cref="ApiKey"/> is a secret meant to come from configuration, user secrets or the environment; it is sent only
/// as the <c>Authorization: Bearer</c> header and never appears in results, messages or <see cref="object.ToString"/>.</remarks>
public sealed class StripeStylePaymentGatewayOptions
{
    /// <summary>Gets or sets the provider's base address; paths such as <c>v1/payment_intents</c> are resolved against it.</summary>
    /// <value>Required: an absolute http or https address, for example <c>https://api.stripe.com/</c>.</value>
    public Uri? BaseAddress { get; set; }

    /// <summary>Gets or sets the secret API key, sent as <c>Authorization: Bearer &lt;key&gt;</c>.</summary>
    /// <value>Required. The value is a secret.</value>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets a value indicating whether requests carry the operation token in an <c>Idempotency-Key</c> header.</summary>
    /// <value>The default value is <see langword="true"/>. Without the key a failed request is never retried, because a retry could charge twice.</value>
    public bool UseIdempotencyKeys { get; set; } = true;

    /// <summary>Gets or sets how long one attempt may take.</summary>
    /// <value>The default value is 30 seconds. It must be positive.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how many times a keyed request that failed transiently (network error, timeout, 408, 429, 5xx) is retried.</summary>
    /// <value>The default value is 3. It must be between 0 and 10.</value>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>Gets or sets the base delay between attempts; it grows exponentially, with jitter, unless the provider sends <c>Retry-After</c>.</summary>
    /// <value>The default value is 500 milliseconds. It must not be negative.</value>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Gets or sets the longest <c>Retry-After</c> the gateway waits for; a longer one fails the request as transient instead.</summary>
    /// <value>The default value is 60 seconds.</value>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <inheritdoc/>
    public override string ToString() => $"{nameof(StripeStylePaymentGatewayOptions)} {{ BaseAddress = {BaseAddress}, ApiKey = {(string.IsNullOrEmpty(ApiKey) ? "(none)" : "***")} }}";
}
