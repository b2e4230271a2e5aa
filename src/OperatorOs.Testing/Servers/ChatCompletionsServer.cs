using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using OperatorOs.Shared;

namespace OperatorOs.Testing;

/// <summary>
/// A local HTTP server on 127.0.0.1 that speaks the OpenAI chat-completions protocol (<c>POST /v1/chat/completions</c>,
/// non-streaming and streaming), answering from a script: text, tool calls with their arguments, usage, and HTTP errors
/// with Retry-After. Point an OpenAI-compatible client at <see cref="Endpoint"/> to test the real-model path offline.
/// </summary>
public sealed class ChatCompletionsServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<ChatCompletionsReply> _script = new();
    private readonly ConcurrentQueue<JsonElement> _requests = new();
    private readonly LoopbackHttpServer _server;
    private int _next;

    private ChatCompletionsServer(string model)
    {
        Model = model;
        _server = LoopbackHttpServer.Start(HandleAsync);
        Endpoint = new Uri(_server.BaseAddress, "v1/");
    }

    /// <summary>Gets the base address an OpenAI-compatible client uses, ending in <c>/v1/</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>Gets the model id the server reports.</summary>
    public string Model { get; }

    /// <summary>Gets the request bodies received, in order.</summary>
    public IReadOnlyList<JsonElement> Requests => [.. _requests];

    /// <summary>Gets or sets the reply used when the script is empty; by default an empty script answers 500 with a message saying so.</summary>
    public ChatCompletionsReply? Fallback { get; set; }

    /// <summary>Starts a server on a free port of 127.0.0.1.</summary>
    /// <param name="model">The model id to report.</param>
    /// <returns>The running server.</returns>
    public static ChatCompletionsServer Start(string model = "local-model") => new(Throw.IfNullOrWhitespace(model));

    /// <summary>Adds a reply to the end of the script.</summary>
    /// <param name="reply">The reply.</param>
    /// <returns>This server, for chaining.</returns>
    public ChatCompletionsServer Enqueue(ChatCompletionsReply reply)
    {
        _script.Enqueue(Throw.IfNull(reply));
        return this;
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task HandleAsync(HttpListenerContext context, CancellationToken stopping)
    {
        HttpListenerResponse response = context.Response;
        if (context.Request.HttpMethod != "POST" || context.Request.Url?.AbsolutePath.TrimEnd('/') != "/v1/chat/completions")
        {
            await WriteAsync(response, 404, Error("not_found", "Only POST /v1/chat/completions is served."), stopping).ConfigureAwait(false);
            return;
        }

        JsonElement body;
        using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
        {
            string text = await reader.ReadToEndAsync(stopping).ConfigureAwait(false);
            try
            {
                using JsonDocument document = JsonDocument.Parse(text);
                body = document.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                await WriteAsync(response, 400, Error("invalid_request_error", "The body is not JSON: " + ex.Message), stopping).ConfigureAwait(false);
                return;
            }
        }

        _requests.Enqueue(body);
        if (!_script.TryDequeue(out ChatCompletionsReply? reply) && (reply = Fallback) is null)
        {
            await WriteAsync(response, 500, Error("server_error", "The chat-completions server's script has no reply left."), stopping).ConfigureAwait(false);
            return;
        }

        if (reply.Status != 200)
        {
            if (reply.RetryAfter is { } after)
            {
                response.AddHeader("Retry-After", ((int)Math.Ceiling(after.TotalSeconds)).ToString(CultureInfo.InvariantCulture));
            }

            await WriteAsync(response, reply.Status, Error(reply.Status == 429 ? "rate_limit_exceeded" : "server_error", $"Scripted HTTP {reply.Status}."), stopping).ConfigureAwait(false);
            return;
        }

        int n = Interlocked.Increment(ref _next);
        bool stream = body.TryGetProperty("stream", out JsonElement s) && s.ValueKind == JsonValueKind.True;
        int prompt = reply.PromptTokens ?? Math.Max(1, body.GetProperty("messages").GetRawText().Length / 4);
        int completion = reply.CompletionTokens ?? Math.Max(1, ((reply.Text?.Length ?? 0) + reply.ToolCalls.Sum(c => c.Name.Length + c.ArgumentsJson.Length)) / 4);
        if (stream)
        {
            await WriteStreamAsync(response, Completion(n, reply, prompt, completion, streaming: true), stopping).ConfigureAwait(false);
        }
        else
        {
            await WriteAsync(response, 200, Completion(n, reply, prompt, completion, streaming: false), stopping).ConfigureAwait(false);
        }
    }

    // One answer as a completion, or streamed as a single chunk: the same envelope with "message" or "delta" inside.
    private byte[] Completion(int n, ChatCompletionsReply reply, int prompt, int completion, bool streaming) => JsonOutput.BuildBytes(w =>
    {
        w.WriteStartObject();
        w.WriteString("id", string.Create(CultureInfo.InvariantCulture, $"chatcmpl-{n}"));
        w.WriteString("object", streaming ? "chat.completion.chunk" : "chat.completion");
        w.WriteNumber("created", 1_767_225_600 + n);
        w.WriteString("model", Model);
        w.WriteStartArray("choices");
        w.WriteStartObject();
        w.WriteNumber("index", 0);
        w.WriteStartObject(streaming ? "delta" : "message");
        w.WriteString("role", "assistant");
        if (reply.Text is { } text)
        {
            w.WriteString("content", text);
        }
        else if (!streaming)
        {
            w.WriteNull("content");
        }

        WriteToolCalls(w, n, reply, streaming);
        w.WriteEndObject();
        w.WriteString("finish_reason", reply.ToolCalls.Count > 0 ? "tool_calls" : "stop");
        w.WriteEndObject();
        w.WriteEndArray();
        WriteUsage(w, reply, prompt, completion);
        w.WriteEndObject();
    });

    private static async Task WriteStreamAsync(HttpListenerResponse response, byte[] chunk, CancellationToken stopping)
    {
        response.StatusCode = 200;
        response.ContentType = "text/event-stream";
        Stream output = response.OutputStream;
        await output.WriteAsync(Encoding.UTF8.GetBytes("data: "), stopping).ConfigureAwait(false);
        await output.WriteAsync(chunk, stopping).ConfigureAwait(false);
        await output.WriteAsync(Encoding.UTF8.GetBytes("\n\ndata: [DONE]\n\n"), stopping).ConfigureAwait(false);
        response.Close();
    }

    private static void WriteToolCalls(Utf8JsonWriter w, int n, ChatCompletionsReply reply, bool streaming)
    {
        if (reply.ToolCalls.Count == 0)
        {
            return;
        }

        w.WriteStartArray("tool_calls");
        for (int i = 0; i < reply.ToolCalls.Count; i++)
        {
            w.WriteStartObject();
            if (streaming)
            {
                w.WriteNumber("index", i);
            }

            w.WriteString("id", string.Create(CultureInfo.InvariantCulture, $"call_{n}_{i}"));
            w.WriteString("type", "function");
            w.WriteStartObject("function");
            w.WriteString("name", reply.ToolCalls[i].Name);
            w.WriteString("arguments", reply.ToolCalls[i].ArgumentsJson);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteUsage(Utf8JsonWriter w, ChatCompletionsReply reply, int prompt, int completion)
    {
        if (reply.OmitUsage)
        {
            return;
        }

        w.WriteStartObject("usage");
        w.WriteNumber("prompt_tokens", prompt);
        w.WriteNumber("completion_tokens", completion);
        w.WriteNumber("total_tokens", prompt + completion);
        w.WriteEndObject();
    }

    private static byte[] Error(string type, string message) => JsonOutput.BuildBytes(w =>
    {
        w.WriteStartObject();
        w.WriteStartObject("error");
        w.WriteString("message", message);
        w.WriteString("type", type);
        w.WriteNull("param");
        w.WriteNull("code");
        w.WriteEndObject();
        w.WriteEndObject();
    });

    private static async Task WriteAsync(HttpListenerResponse response, int status, byte[] body, CancellationToken stopping)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength64 = body.Length;
        await response.OutputStream.WriteAsync(body, stopping).ConfigureAwait(false);
        response.Close();
    }
}
