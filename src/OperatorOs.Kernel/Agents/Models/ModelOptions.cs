namespace OperatorOs;

/// <summary>Configures the model tiers agents run on: their order, prices, budgets and resilience.</summary>
public sealed class ModelOptions
{
    /// <summary>Gets the model tiers from the cheapest to the most capable: service keys of keyed <c>IChatClient</c> registrations, for example <c>small</c> then <c>large</c>.</summary>
    /// <remarks>An agent starts on its role's tier and, when that fails or its budget is spent, falls back along the cheaper tiers before its deterministic strategy and the operator.</remarks>
    public IList<string> Tiers { get; } = [];

    /// <summary>Gets the prices per model id (as the provider reports it) or per tier key; a model without a price costs nothing.</summary>
    public IDictionary<string, ModelPrice> Prices { get; } = new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the hard budgets checked before every model call.</summary>
    public IList<ModelBudget> Budgets { get; } = [];

    /// <summary>Gets or sets how many output tokens a call is assumed to use when its budget is checked, before the provider reports the real figure.</summary>
    /// <value>The default is 1024 tokens.</value>
    public int EstimatedOutputTokens { get; set; } = 1024;

    /// <summary>Gets or sets how long one model call may take before it counts as failed.</summary>
    /// <value>The default is 60 seconds.</value>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets how many times a transient failure (429, 5xx, timeout) is retried on the same tier.</summary>
    /// <value>The default is 2.</value>
    public int MaxRetries { get; set; } = 2;

    /// <summary>Gets or sets the base delay of the jittered exponential backoff between retries; a provider's Retry-After wins when it names one.</summary>
    /// <value>The default is 1 second.</value>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the longest Retry-After the kernel waits on; a provider asking for longer is treated as down and the tier falls back.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the share of failed calls within <see cref="BreakerSamplingDuration"/> that opens a tier's circuit.</summary>
    /// <value>The default is 0.5.</value>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Gets or sets how many calls a tier must see within the sampling window before its circuit may open.</summary>
    /// <value>The default is 4.</value>
    public int BreakerMinimumThroughput { get; set; } = 4;

    /// <summary>Gets or sets the window over which failures are counted for the circuit breaker.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long an open circuit stays open before a trial call.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets a classifier that says whether a provider's exception is transient (worth a retry on the same tier); <see langword="null"/> keeps the default, which also consults it.</summary>
    /// <remarks>By default <see cref="HttpRequestException"/> with 408, 429 or 5xx (or no status), and timeouts, are transient.</remarks>
    public Func<Exception, bool>? IsTransient { get; set; }

    /// <summary>Gets or sets a reader of the delay a provider asked for (its Retry-After), for providers whose exceptions the kernel does not know.</summary>
    /// <remarks>By default the kernel reads a <see cref="TimeSpan"/> or a number of seconds stored in the exception's <see cref="Exception.Data"/> under <c>Retry-After</c>.</remarks>
    public Func<Exception, TimeSpan?>? RetryAfter { get; set; }

    /// <summary>Finds the price of a model by its id, then by its tier.</summary>
    /// <param name="modelId">The model id the provider reported.</param>
    /// <param name="tier">The tier key.</param>
    /// <returns>The price, or <see langword="null"/> when neither is priced.</returns>
    public ModelPrice? PriceOf(string? modelId, string? tier)
    {
        if (modelId is not null && Prices.TryGetValue(modelId, out ModelPrice? byModel))
        {
            return byModel;
        }

        return tier is not null && Prices.TryGetValue(tier, out ModelPrice? byTier) ? byTier : null;
    }
}
