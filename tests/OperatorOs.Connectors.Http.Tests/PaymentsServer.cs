using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace OperatorOs.Connectors.Http.Tests;

/// <summary>A real HTTP server on 127.0.0.1 that behaves like a payments API with idempotency keys.</summary>
/// <remarks>
/// <para><c>POST /refunds</c> creates a refund. With an <c>Idempotency-Key</c>, the first request is processed and its response
/// stored; the same key with the same body replays the stored response (<c>Idempotent-Replayed: true</c>); the same key with
/// another body answers 422. Without a key every request is processed.</para>
/// <para><c>GET /refunds/{id}</c> echoes the id and query; <c>GET /echo</c> answers 200 with the request's credentials in the
/// body; <c>POST /reject</c> answers 400 with them; <c>GET /text?size=n</c> answers n characters of plain text.</para>
/// <para>Scripted failures answer the next requests first; <see cref="DelayAfterProcessing"/> makes the next processed refund
/// answer late, after its effect, to simulate a response lost between send and acknowledge.</para>
/// </remarks>
internal sealed class PaymentsServer : IAsyncDisposable
{
    private readonly LoopbackHttpServer _server;
    private readonly ConcurrentQueue<ScriptedResponse> _script = new();
    private readonly ConcurrentDictionary<string, (string Body, int Status, string Response)> _stored = new();
    private readonly ConcurrentDictionary<string, int> _processed = new();
    private readonly Lock _gate = new();
    private int _refunds;

    public PaymentsServer()
    {
        _server = LoopbackHttpServer.Start((context, _) => HandleAsync(context));
        BaseAddress = _server.BaseAddress;
    }

    public Uri BaseAddress { get; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Gets or sets a one-shot delay applied after the next refund is processed, before its response is written.</summary>
    public TimeSpan? DelayAfterProcessing { get; set; }

    public int ProcessedCount(string key) => _processed.TryGetValue(key, out int count) ? count : 0;

    public int TotalRefunds => Volatile.Read(ref _refunds);

    public void Enqueue(ScriptedResponse response) => _script.Enqueue(response);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task HandleAsync(HttpListenerContext context)
    {
        HttpListenerRequest request = context.Request;
        string body;
        using (var reader = new StreamReader(request.InputStream, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync();
        }

        string? key = request.Headers["Idempotency-Key"];
        string path = request.Url!.AbsolutePath;
        Requests.Enqueue(new RecordedRequest(request.HttpMethod, request.Url.PathAndQuery, key, request.Headers["Authorization"], request.Headers["X-Api-Key"], body));
        try
        {
            if (_script.TryDequeue(out ScriptedResponse? scripted))
            {
                if (scripted.Delay is { } delay)
                {
                    await Task.Delay(delay, _server.Stopping);
                }

                if (scripted.RetryAfter is not null)
                {
                    context.Response.Headers["Retry-After"] = scripted.RetryAfter;
                }

                await WriteAsync(context, scripted.Status, "{\"error\":\"scripted\"}");
                return;
            }

            if (request.HttpMethod == "POST" && path == "/refunds")
            {
                await RefundAsync(context, key, body);
            }
            else if (request.HttpMethod == "GET" && path.StartsWith("/refunds/", StringComparison.Ordinal))
            {
                string id = Uri.UnescapeDataString(request.Url.AbsolutePath["/refunds/".Length..]);
                await WriteAsync(context, 200, Json(w => { w.WriteString("id", id); w.WriteString("query", request.Url.Query); }));
            }
            else if (path == "/echo")
            {
                await WriteAsync(context, 200, Json(w => { w.WriteString("authorization", request.Headers["Authorization"]); w.WriteString("apiKey", request.Headers["X-Api-Key"]); }));
            }
            else if (path == "/reject")
            {
                await WriteAsync(context, 400, $"invalid request: credentials {request.Headers["Authorization"]} / {request.Headers["X-Api-Key"]} are not allowed here", "text/plain");
            }
            else if (path == "/text")
            {
                int size = int.Parse(request.QueryString["size"] ?? "10", System.Globalization.CultureInfo.InvariantCulture);
                await WriteAsync(context, 200, new string('x', size), "text/plain");
            }
            else
            {
                await WriteAsync(context, 404, "{\"error\":\"not found\"}");
            }
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            // The client went away (for example after its timeout) or the server is stopping.
        }
    }

    private async Task RefundAsync(HttpListenerContext context, string? key, string body)
    {
        (int Status, string Response) answer;
        bool replayed = false;
        TimeSpan? delay = null;
        lock (_gate)
        {
            if (key is not null && _stored.TryGetValue(key, out var stored))
            {
                replayed = stored.Body == body;
                answer = replayed
                    ? (stored.Status, stored.Response)
                    : (422, "{\"error\":\"idempotency key reused with a different body\"}");
            }
            else
            {
                int number = Interlocked.Increment(ref _refunds);
                _ = _processed.AddOrUpdate(key ?? "(none)", 1, (_, n) => n + 1);
                using JsonDocument request = JsonDocument.Parse(body.Length == 0 ? "{}" : body);
                answer = (201, Json(w =>
                {
                    w.WriteString("id", $"re_{number}");
                    w.WritePropertyName("request");
                    request.RootElement.WriteTo(w);
                }));
                if (key is not null)
                {
                    _stored[key] = (body, answer.Status, answer.Response);
                }

                delay = DelayAfterProcessing;
                DelayAfterProcessing = null;
            }
        }

        if (delay is { } wait)
        {
            await Task.Delay(wait, _server.Stopping);
        }

        if (replayed)
        {
            context.Response.Headers["Idempotent-Replayed"] = "true";
        }

        context.Response.Headers["Location"] = "/refunds/x";
        context.Response.Headers["Set-Cookie"] = "session=abc";
        await WriteAsync(context, answer.Status, answer.Response);
    }

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

    private static async Task WriteAsync(HttpListenerContext context, int status, string text, string contentType = "application/json")
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }
}
