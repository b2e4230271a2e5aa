using System.Collections.Concurrent;
using System.Collections.Specialized;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Web;

namespace OperatorOs.Connectors.Billing.Tests;

/// <summary>A real HTTP server on 127.0.0.1 that behaves like a Stripe-style payments API and enforces idempotency keys.</summary>
/// <remarks>
/// <para><c>POST /v1/payment_intents</c> (form-encoded: amount, currency, payment_method, confirm, metadata) creates a charge
/// <c>pi_N</c>; <c>POST /v1/refunds</c> (payment_intent, amount) refunds at most what is left of a charge. Both need
/// <c>Authorization: Bearer sk_test_operatoros</c>; a wrong key gets 401 with the key echoed back, as Stripe does.</para>
/// <para>With an <c>Idempotency-Key</c>, the first request is processed and its answer stored; the same key with the same body
/// replays the stored answer (<c>Idempotent-Replayed: true</c>) without a second charge; the same key with another body answers
/// 400 <c>idempotency_error</c>. Without a key every request is processed.</para>
/// <para>Payment methods <c>pm_card_declined</c> (402 card_error) and <c>pm_requires_action</c> (status requires_action) fail.
/// Scripted failures answer the next requests before any processing; <see cref="DelayNextResponse"/> processes the next request
/// and answers only after a delay, so a caller whose attempt times out first has lost the response.</para>
/// </remarks>
internal sealed class StripeStyleServer : IAsyncDisposable
{
    public const string ApiKey = "sk_test_operatoros";

    private readonly LoopbackHttpServer _server;
    private readonly ConcurrentQueue<(int Status, string? RetryAfter)> _script = new();
    private readonly Dictionary<string, (string Path, string Body, int Status, string Answer)> _stored = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public StripeStyleServer()
    {
        _server = LoopbackHttpServer.Start((context, _) => HandleAsync(context));
        BaseAddress = _server.BaseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>Gets every request received, in order: method, path, idempotency key, body.</summary>
    public ConcurrentQueue<(string Path, string? Key, string Body)> Requests { get; } = new();

    /// <summary>Gets the charges the server made (its own records, not the client's).</summary>
    public List<(string Id, long Amount, string Currency, string PaymentMethod, string? Key)> Charges { get; } = [];

    /// <summary>Gets the refunds the server made.</summary>
    public List<(string Id, string ChargeId, long Amount, string? Key)> Refunds { get; } = [];

    /// <summary>Gets or sets a one-shot delay between processing the next request and answering it.</summary>
    public TimeSpan? DelayNextResponse { get; set; }

    public void Enqueue(int status, string? retryAfter = null) => _script.Enqueue((status, retryAfter));

    public int ChargeCount(string? key = null)
    {
        lock (_gate)
        {
            return key is null ? Charges.Count : Charges.Count(c => c.Key == key);
        }
    }

    public int RefundCount()
    {
        lock (_gate)
        {
            return Refunds.Count;
        }
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            HttpListenerRequest request = context.Request;
            string body;
            using (var reader = new StreamReader(request.InputStream, Encoding.UTF8))
            {
                body = await reader.ReadToEndAsync();
            }

            string path = request.Url!.AbsolutePath;
            string? key = request.Headers["Idempotency-Key"];
            Requests.Enqueue((path, key, body));
            if (_script.TryDequeue(out (int Status, string? RetryAfter) scripted))
            {
                if (scripted.RetryAfter is not null)
                {
                    context.Response.Headers["Retry-After"] = scripted.RetryAfter;
                }

                await WriteAsync(context, scripted.Status, Error("api_error", null, "scripted failure"));
                return;
            }

            if (request.Headers["Authorization"] != "Bearer " + ApiKey)
            {
                await WriteAsync(context, 401, Error("invalid_request_error", null, $"Invalid API Key provided: {request.Headers["Authorization"]}"));
                return;
            }

            (int status, string answer, bool replayed, TimeSpan? delay) = Process(path, key, body);
            if (delay is { } wait)
            {
                await Task.Delay(wait, _server.Stopping);
            }

            if (replayed)
            {
                context.Response.Headers["Idempotent-Replayed"] = "true";
            }

            await WriteAsync(context, status, answer);
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            // The client went away or the server is stopping.
        }
    }

    private (int Status, string Answer, bool Replayed, TimeSpan? Delay) Process(string path, string? key, string body)
    {
        lock (_gate)
        {
            if (key is not null && _stored.TryGetValue(key, out var stored))
            {
                return stored.Path == path && stored.Body == body
                    ? (stored.Status, stored.Answer, true, null)
                    : (400, Error("idempotency_error", null, "Keys for idempotent requests can only be used with the same parameters they were first used with."), false, null);
            }

            NameValueCollection form = HttpUtility.ParseQueryString(body);
            (int status, string answer) = path switch
            {
                "/v1/payment_intents" => Charge(form, key),
                "/v1/refunds" => Refund(form, key),
                _ => (404, Error("invalid_request_error", null, "Unrecognized request URL")),
            };
            if (key is not null && status is not (>= 500 or 429))
            {
                _stored[key] = (path, body, status, answer);
            }

            TimeSpan? delay = DelayNextResponse;
            DelayNextResponse = null;
            return (status, answer, false, delay);
        }
    }

    private (int, string) Charge(NameValueCollection form, string? key)
    {
        long amount = long.Parse(form["amount"]!, CultureInfo.InvariantCulture);
        string currency = form["currency"]!;
        string method = form["payment_method"]!;
        if (method == "pm_card_declined")
        {
            return (402, Error("card_error", "card_declined", "Your card was declined."));
        }

        string id = $"pi_{Charges.Count + 1}";
        string status = method == "pm_requires_action" ? "requires_action" : "succeeded";
        if (status == "succeeded")
        {
            Charges.Add((id, amount, currency, method, key));
        }

        return (200, Json(w =>
        {
            w.WriteString("id", id);
            w.WriteString("object", "payment_intent");
            w.WriteNumber("amount", amount);
            w.WriteString("currency", currency);
            w.WriteString("status", status);
        }));
    }

    private (int, string) Refund(NameValueCollection form, string? key)
    {
        string chargeId = form["payment_intent"]!;
        long amount = long.Parse(form["amount"]!, CultureInfo.InvariantCulture);
        int index = Charges.FindIndex(c => c.Id == chargeId);
        if (index < 0)
        {
            return (404, Error("invalid_request_error", "resource_missing", $"No such payment_intent: '{chargeId}'"));
        }

        long left = Charges[index].Amount - Refunds.Where(r => r.ChargeId == chargeId).Sum(r => r.Amount);
        if (amount > left)
        {
            return (400, Error("invalid_request_error", "charge_already_refunded", "The refund amount exceeds what is left of the charge."));
        }

        string id = $"re_{Refunds.Count + 1}";
        Refunds.Add((id, chargeId, amount, key));
        return (200, Json(w =>
        {
            w.WriteString("id", id);
            w.WriteString("object", "refund");
            w.WriteNumber("amount", amount);
            w.WriteString("payment_intent", chargeId);
            w.WriteString("status", "succeeded");
        }));
    }

    private static string Error(string type, string? code, string message) => Json(w =>
    {
        w.WriteStartObject("error");
        w.WriteString("type", type);
        if (code is not null)
        {
            w.WriteString("code", code);
        }

        w.WriteString("message", message);
        w.WriteEndObject();
    });

    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static async Task WriteAsync(HttpListenerContext context, int status, string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }
}
