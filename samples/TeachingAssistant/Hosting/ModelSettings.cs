using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;
using OperatorOs;

namespace TeachingAssistant.Hosting;

/// <summary>
/// Points the agents at real models: any OpenAI-compatible chat-completions endpoint (OpenAI, Azure OpenAI's v1 API, a
/// local Ollama at <c>http://localhost:11434/v1/</c>, vLLM, LM Studio ...) for a <c>small</c> and an optional <c>large</c> tier.
/// </summary>
/// <param name="Endpoint">The API's base address, ending in <c>/v1/</c>.</param>
/// <param name="ApiKey">The API key, or <see langword="null"/> for servers that need none (Ollama).</param>
/// <param name="SmallModel">The model routine triage and grading run on.</param>
/// <param name="LargeModel">The model unsure agents escalate to, or <see langword="null"/> to escalate to the operator.</param>
internal sealed record ModelSettings(Uri Endpoint, string? ApiKey, string SmallModel, string? LargeModel)
{
    public const string EndpointVariable = "OPERATOROS_MODEL_ENDPOINT";
    public const string ApiKeyVariable = "OPERATOROS_MODEL_API_KEY";
    public const string SmallModelVariable = "OPERATOROS_SMALL_MODEL";
    public const string LargeModelVariable = "OPERATOROS_LARGE_MODEL";
    public const string SmallPriceVariable = "OPERATOROS_SMALL_PRICE";
    public const string LargePriceVariable = "OPERATOROS_LARGE_PRICE";
    public const string Small = "small";
    public const string Large = "large";

    /// <summary>Gets the price of the small model (input and output per million tokens), if known.</summary>
    public ModelPrice? SmallPrice { get; init; }

    /// <summary>Gets the price of the large model, if known.</summary>
    public ModelPrice? LargePrice { get; init; }

    /// <summary>Reads the settings from environment variables; <see langword="null"/> (offline) unless an endpoint and a small model are named.</summary>
    /// <exception cref="FormatException">A variable is malformed; the message names it.</exception>
    public static ModelSettings? FromEnvironment(Func<string, string?> variable)
    {
        string? endpoint = variable(EndpointVariable);
        string? small = variable(SmallModelVariable);
        if (string.IsNullOrWhiteSpace(endpoint) && string.IsNullOrWhiteSpace(small))
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(endpoint) || !Uri.TryCreate(endpoint.EndsWith('/') ? endpoint : endpoint + "/", UriKind.Absolute, out Uri? address) ||
            address.Scheme is not ("http" or "https"))
        {
            throw new FormatException($"{EndpointVariable} must be the http(s) base address of an OpenAI-compatible API, e.g. http://localhost:11434/v1/.");
        }

        if (string.IsNullOrWhiteSpace(small))
        {
            throw new FormatException($"{SmallModelVariable} must name the model for the small tier when {EndpointVariable} is set.");
        }

        string? large = variable(LargeModelVariable);
        return new ModelSettings(address, NullIfEmpty(variable(ApiKeyVariable)), small, NullIfEmpty(large))
        {
            SmallPrice = ParsePrice(variable(SmallPriceVariable), SmallPriceVariable),
            LargePrice = ParsePrice(variable(LargePriceVariable), LargePriceVariable),
        };
    }

    /// <summary>Registers the tiers as keyed chat clients, each caching its responses in the host's distributed cache (the SQLite file).</summary>
    public void Register(IServiceCollection services)
    {
        services.AddKeyedChatClient(Small, _ => Client(SmallModel)).UseDistributedCache();
        if (LargeModel is { } large)
        {
            services.AddKeyedChatClient(Large, _ => Client(large)).UseDistributedCache();
        }
    }

    /// <summary>Names the tiers, their prices, and how the provider's errors are read, for the kernel's model gateway.</summary>
    public void Configure(OperatorOsOptions options)
    {
        options.Models.Tiers.Add(Small);
        if (LargeModel is not null)
        {
            options.Models.Tiers.Add(Large);
        }

        if (SmallPrice is { } smallPrice)
        {
            options.Models.Prices[SmallModel] = smallPrice;
        }

        if (LargePrice is { } largePrice && LargeModel is { } largeModel)
        {
            options.Models.Prices[largeModel] = largePrice;
        }

        // The OpenAI client throws ClientResultException; the gateway retries its 429s and 5xx and honours their Retry-After.
        options.Models.IsTransient = exception => exception is ClientResultException { Status: 408 or 429 or >= 500 };
        options.Models.RetryAfter = exception =>
            exception is ClientResultException result && result.GetRawResponse()?.Headers.TryGetValue("Retry-After", out string? value) == true &&
            double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds)
                ? TimeSpan.FromSeconds(seconds)
                : null;
    }

    private IChatClient Client(string model) =>
        new OpenAI.Chat.ChatClient(model, new ApiKeyCredential(ApiKey ?? "none"), new OpenAIClientOptions
        {
            Endpoint = Endpoint,
            RetryPolicy = new ClientRetryPolicy(0),   // the kernel's gateway owns retries, timeouts and fallback
        }).AsIChatClient();

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static ModelPrice? ParsePrice(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        string[] parts = value.Split('/');
        if (parts.Length == 2 &&
            decimal.TryParse(parts[0], NumberStyles.Number, CultureInfo.InvariantCulture, out decimal input) && input >= 0 &&
            decimal.TryParse(parts[1], NumberStyles.Number, CultureInfo.InvariantCulture, out decimal output) && output >= 0)
        {
            return new ModelPrice(input, output);
        }

        throw new FormatException($"{name} must be 'input/output' in USD per million tokens, e.g. 0.15/0.60.");
    }
}
