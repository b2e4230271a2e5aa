using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using OperatorOs.Connectors.Billing.Internal;
using OperatorOs.Shared;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace OperatorOs.Connectors.Billing;

/// <summary>An <see cref="IPaymentGateway"/> for a Stripe-style payments API: form-encoded <c>POST v1/payment_intents</c>
/// (confirmed at once) and <c>POST v1/refunds</c>, JSON answers, bearer API key, and the operation token as <c>Idempotency-Key</c>.</summary>
/// <remarks>
/// <para>The provider stores the first answer for each idempotency key and returns it again for a repeated request with the
/// same parameters, so retries never charge twice. A key reused with other parameters is refused by the provider (Stripe answers
/// 400 <c>idempotency_error</c>) and surfaces as a non-transient <see cref="PaymentGatewayException"/>.</para>
/// <para>A failed attempt is retried (Polly, on the gateway's <see cref="TimeProvider"/>) only when the request carries its key
/// and the failure is transient: a network error, an attempt timeout, or the statuses 408, 429 and 5xx; <c>Retry-After</c> is
/// honoured up to <see cref="StripeStylePaymentGatewayOptions.MaxRetryAfter"/>, and a transient failure the gateway gives up on carries it
/// in <see cref="ConnectorException.RetryAfter"/>. Other 4xx statuses (declined cards, invalid
/// requests, idempotency conflicts) fail at once. Without keys nothing is retried.</para>
/// <para>A charge whose status is not <c>succeeded</c> (for example <c>requires_action</c>) is reported as a non-transient
/// failure, so the ledger records only money that moved. Amounts are sent in minor units; every currency is treated as having
/// two decimals, as in the ledger. The API key is sent only as a header and redacted from every message. Thread-safe.</para>
/// </remarks>
public sealed class StripeStylePaymentGateway : IPaymentGateway, IDisposable
{
    private const string ConnectorName = "billing";
    private readonly HttpClient _client;
    private readonly Uri _baseAddress;
    private readonly string _apiKey;
    private readonly bool _useKeys;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _timeProvider;
    private readonly ResiliencePipeline<GatewayAnswer> _retrying;
    private readonly ResiliencePipeline<GatewayAnswer> _once;

    /// <summary>Initializes a new instance of the <see cref="StripeStylePaymentGateway"/> class.</summary>
    /// <param name="options">The gateway's settings; the values are copied.</param>
    /// <param name="timeProvider">The clock for timeouts and retry delays, or <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid; the message never contains the API key.</exception>
    public StripeStylePaymentGateway(StripeStylePaymentGatewayOptions options, TimeProvider? timeProvider = null)
    {
        _ = Throw.IfNull(options);
        List<string> failures = PaymentGatewayOptionsValidation.GetFailures(options);
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", failures), nameof(options));
        }

        _baseAddress = options.BaseAddress!.AbsoluteUri.EndsWith('/') ? options.BaseAddress : new Uri(options.BaseAddress.AbsoluteUri + "/");
        _apiKey = options.ApiKey!;
        _useKeys = options.UseIdempotencyKeys;
        _timeout = options.Timeout;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _retrying = BuildPipeline(options, _timeProvider, retry: true);
        _once = BuildPipeline(options, _timeProvider, retry: false);
        _client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) }, disposeHandler: true)
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="PaymentGatewayException">The provider refused the charge, the charge did not succeed, or the provider could not be reached.</exception>
    public async Task<GatewayCharge> ChargeAsync(GatewayChargeRequest request, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(request);
        List<KeyValuePair<string, string>> form =
        [
            new("amount", request.AmountMinor.ToString(CultureInfo.InvariantCulture)),
            new("currency", request.Currency.ToLowerInvariant()),
            new("payment_method", request.PaymentMethod),
            new("confirm", "true"),
            new("metadata[invoice_number]", request.InvoiceNumber),
            new("metadata[operation_token]", request.IdempotencyKey),
        ];
        if (!string.IsNullOrEmpty(request.Description))
        {
            form.Add(new("description", request.Description));
        }

        const string What = "POST v1/payment_intents";
        using JsonDocument answer = await SendAsync("v1/payment_intents", form, request.IdempotencyKey, cancellationToken).ConfigureAwait(false);
        JsonElement root = answer.RootElement;
        var charge = new GatewayCharge(
            RequireString(root, "id", What),
            RequireString(root, "status", What),
            RequireAmount(root, What),
            RequireString(root, "currency", What).ToUpperInvariant());
        if (!string.Equals(charge.Status, "succeeded", StringComparison.Ordinal))
        {
            throw new PaymentGatewayException(ConnectorName, $"{What}: charge {charge.Id} is '{charge.Status}', not succeeded; nothing was recorded", isTransient: false, statusCode: 200);
        }

        return charge;
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="PaymentGatewayException">The provider refused the refund or could not be reached.</exception>
    public async Task<GatewayRefund> RefundAsync(GatewayRefundRequest request, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(request);
        List<KeyValuePair<string, string>> form =
        [
            new("payment_intent", request.ChargeId),
            new("amount", request.AmountMinor.ToString(CultureInfo.InvariantCulture)),
            new("metadata[invoice_number]", request.InvoiceNumber),
            new("metadata[operation_token]", request.IdempotencyKey),
        ];
        if (!string.IsNullOrEmpty(request.Reason))
        {
            form.Add(new("metadata[reason]", request.Reason));
        }

        const string What = "POST v1/refunds";
        using JsonDocument answer = await SendAsync("v1/refunds", form, request.IdempotencyKey, cancellationToken).ConfigureAwait(false);
        JsonElement root = answer.RootElement;
        string status = RequireString(root, "status", What);
        if (status is "failed" or "canceled")
        {
            throw new PaymentGatewayException(ConnectorName, $"{What}: refund {RequireString(root, "id", What)} is '{status}'; nothing was recorded", isTransient: false, statusCode: 200);
        }

        return new GatewayRefund(RequireString(root, "id", What), request.ChargeId, status, RequireAmount(root, What));
    }

    /// <inheritdoc/>
    public void Dispose() => _client.Dispose();

    private static ResiliencePipeline<GatewayAnswer> BuildPipeline(StripeStylePaymentGatewayOptions options, TimeProvider timeProvider, bool retry)
    {
        var builder = new ResiliencePipelineBuilder<GatewayAnswer> { TimeProvider = timeProvider };
        if (retry && options.MaxRetryAttempts > 0)
        {
            TimeSpan maxRetryAfter = options.MaxRetryAfter;
            _ = builder.AddRetry(new RetryStrategyOptions<GatewayAnswer>
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: HttpRequestException or TimeoutRejectedException or IOException } => true,
                    { Result: { IsTransient: true } answer } => answer.RetryAfter is null || answer.RetryAfter <= maxRetryAfter,
                    _ => false,
                }),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result?.RetryAfter),
            });
        }

        return builder.AddTimeout(options.Timeout).Build();
    }

    private async Task<JsonDocument> SendAsync(string path, List<KeyValuePair<string, string>> form, string idempotencyKey, CancellationToken cancellationToken)
    {
        string what = $"POST {path}";
        string? key = _useKeys ? idempotencyKey : null;
        GatewayAnswer answer;
        try
        {
            answer = await (key is null ? _once : _retrying).ExecuteAsync(
                static (state, ct) => state.gateway.SendOnceAsync(state.path, state.form, state.key, ct),
                (gateway: this, path, form, key),
                cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new PaymentGatewayException(ConnectorName, $"{what} got no answer within {_timeout.TotalSeconds:0.###} s", isTransient: true, innerException: ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            throw new PaymentGatewayException(ConnectorName, $"{what} failed: {Redact(ex.Message)}", isTransient: true, innerException: ex);
        }

        if (answer.Status is >= 200 and < 300)
        {
            try
            {
                return JsonDocument.Parse(answer.Body);
            }
            catch (JsonException ex)
            {
                throw new PaymentGatewayException(ConnectorName, $"{what} -> {answer.Status}: the answer is not JSON", isTransient: false, answer.Status, innerException: ex);
            }
        }

        (string? type, string? code, string? message) = ErrorOf(answer.Body);
        string detail = string.Join(": ", new[] { type is null && code is null ? null : $"{type}{(code is null ? string.Empty : "/" + code)}", message }.Where(p => p is not null));
        throw new PaymentGatewayException(
            ConnectorName,
            Redact(detail.Length == 0 ? $"{what} -> {answer.Status}" : $"{what} -> {answer.Status} {detail}"),
            answer.IsTransient,
            answer.Status,
            type,
            code)
        {
            // The provider's Retry-After travels with a transient failure, so the kernel waits as long as the provider asked.
            RetryAfter = answer.IsTransient ? answer.RetryAfter : null,
        };
    }

    private async ValueTask<GatewayAnswer> SendOnceAsync(string path, List<KeyValuePair<string, string>> form, string? key, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(_baseAddress, path));
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (key is not null)
        {
            _ = message.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        }

        message.Content = new FormUrlEncodedContent(form);
        using HttpResponseMessage response = await _client.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        byte[] body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return new GatewayAnswer((int)response.StatusCode, body, RetryAfterOf(response));
    }

    private TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        RetryConditionHeaderValue? retryAfter = response.Headers.RetryAfter;
        TimeSpan? wait = retryAfter?.Delta ?? (retryAfter?.Date is { } date ? date - _timeProvider.GetUtcNow() : null);
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    private static (string? Type, string? Code, string? Message) ErrorOf(byte[] body)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out JsonElement error) && error.ValueKind == JsonValueKind.Object)
            {
                return (StringOf(error, "type"), StringOf(error, "code"), StringOf(error, "message"));
            }
        }
        catch (JsonException)
        {
            // Not a provider error object: report the status alone.
        }

        return (null, null, null);
    }

    private static string? StringOf(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string RequireString(JsonElement root, string name, string what) =>
        root.ValueKind == JsonValueKind.Object && StringOf(root, name) is { Length: > 0 } value
            ? value
            : throw new PaymentGatewayException(ConnectorName, $"{what}: the answer has no '{name}'", isTransient: false, statusCode: 200);

    private static long RequireAmount(JsonElement root, string what) =>
        root.TryGetProperty("amount", out JsonElement amount) && amount.TryGetInt64(out long minor)
            ? minor
            : throw new PaymentGatewayException(ConnectorName, $"{what}: the answer has no integer 'amount'", isTransient: false, statusCode: 200);

    private string Redact(string text) => text.Replace(_apiKey, "***", StringComparison.Ordinal);

    private sealed record GatewayAnswer(int Status, byte[] Body, TimeSpan? RetryAfter)
    {
        public bool IsTransient => Status is 408 or 429 or >= 500;
    }
}
