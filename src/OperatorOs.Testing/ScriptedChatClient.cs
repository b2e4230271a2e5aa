using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using OperatorOs.Shared;

namespace OperatorOs.Testing;

/// <summary>An <see cref="IChatClient"/> for tests: answers from a script of responses, or from callbacks you set.</summary>
/// <remarks>
/// <para>Every call is recorded in <see cref="Calls"/> with a copy of the messages and options it received.
/// When <see cref="GetResponseAsyncCallback"/> is set it answers; otherwise the next scripted response is returned,
/// and an empty script throws <see cref="InvalidOperationException"/>.</para>
/// <para>A streaming call is answered by <see cref="GetStreamingResponseAsyncCallback"/> when set; otherwise it takes the
/// non-streaming path above and streams that response as updates. <see cref="GetServiceCallback"/>, when set, answers
/// <see cref="GetService"/>. Thread-safe.</para>
/// </remarks>
public sealed class ScriptedChatClient : IChatClient
{
    private readonly Lock _gate = new();
    private readonly Queue<ChatResponse> _script = new();
    private readonly List<ScriptedChatCall> _calls = [];

    /// <summary>Initializes a new instance of the <see cref="ScriptedChatClient"/> class.</summary>
    /// <param name="modelId">The model id the client reports.</param>
    public ScriptedChatClient(string modelId = "scripted-model")
    {
        Metadata = new ChatClientMetadata(nameof(ScriptedChatClient), defaultModelId: modelId);
    }

    /// <summary>Gets or sets a callback that answers instead of the script.</summary>
    public Func<IReadOnlyList<ChatMessage>, ChatOptions?, CancellationToken, Task<ChatResponse>>? GetResponseAsyncCallback { get; set; }

    /// <summary>Gets or sets a callback that answers streaming calls instead of the script.</summary>
    /// <value>When <see langword="null"/>, a streaming call is answered as a non-streaming one and its response streamed as updates.</value>
    public Func<IReadOnlyList<ChatMessage>, ChatOptions?, CancellationToken, IAsyncEnumerable<ChatResponseUpdate>>? GetStreamingResponseAsyncCallback { get; set; }

    /// <summary>Gets or sets a callback that answers <see cref="GetService"/>: it receives the service type and key.</summary>
    /// <value>When <see langword="null"/>, the client offers its <see cref="ChatClientMetadata"/> and itself.</value>
    public Func<Type, object?, object?>? GetServiceCallback { get; set; }

    /// <summary>Gets the metadata the client reports.</summary>
    public ChatClientMetadata Metadata { get; }

    /// <summary>Gets the calls made so far.</summary>
    public IReadOnlyList<ScriptedChatCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>Adds a response to the end of the script.</summary>
    /// <param name="response">The response.</param>
    /// <returns>This client, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="response"/> is <see langword="null"/>.</exception>
    public ScriptedChatClient Enqueue(ChatResponse response)
    {
        _ = Throw.IfNull(response);
        lock (_gate)
        {
            _script.Enqueue(response);
        }

        return this;
    }

    /// <summary>Adds a response in which the model calls one tool.</summary>
    /// <param name="toolName">The tool name, as the model sees it (a capability's dots become double underscores).</param>
    /// <param name="arguments">The call's arguments.</param>
    /// <param name="callId">The call id, or <see langword="null"/> to generate one.</param>
    /// <returns>This client, for chaining.</returns>
    public ScriptedChatClient EnqueueToolCall(string toolName, IDictionary<string, object?> arguments, string? callId = null) =>
        Enqueue(new ChatResponse(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent(callId ?? $"call_{Guid.NewGuid():n}", toolName, arguments)]))
        {
            ModelId = Metadata.DefaultModelId,
        });

    /// <summary>Adds a response in which the model answers with text.</summary>
    /// <param name="text">The text.</param>
    /// <returns>This client, for chaining.</returns>
    public ScriptedChatClient EnqueueText(string text) =>
        Enqueue(new ChatResponse(new ChatMessage(ChatRole.Assistant, text)) { ModelId = Metadata.DefaultModelId });

    /// <inheritdoc/>
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(messages);
        cancellationToken.ThrowIfCancellationRequested();
        List<ChatMessage> received = [.. messages];
        Func<IReadOnlyList<ChatMessage>, ChatOptions?, CancellationToken, Task<ChatResponse>>? callback;
        ChatResponse? next = null;
        lock (_gate)
        {
            _calls.Add(new ScriptedChatCall(received, options?.Clone()));
            callback = GetResponseAsyncCallback;
            if (callback is null && !_script.TryDequeue(out next))
            {
                throw new InvalidOperationException($"The scripted chat client was called {_calls.Count} time(s) but its script has no response left.");
            }
        }

        return callback is not null ? callback(received, options, cancellationToken) : Task.FromResult(next!);
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(messages);
        cancellationToken.ThrowIfCancellationRequested();
        Func<IReadOnlyList<ChatMessage>, ChatOptions?, CancellationToken, IAsyncEnumerable<ChatResponseUpdate>>? callback = GetStreamingResponseAsyncCallback;
        if (callback is null)
        {
            return StreamScriptedAsync(messages, options, cancellationToken);
        }

        List<ChatMessage> received = [.. messages];
        lock (_gate)
        {
            _calls.Add(new ScriptedChatCall(received, options?.Clone()));
        }

        return callback(received, options, cancellationToken);
    }

    /// <inheritdoc/>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        _ = Throw.IfNull(serviceType);
        if (GetServiceCallback is { } callback)
        {
            return callback(serviceType, serviceKey);
        }

        if (serviceKey is not null)
        {
            return null;
        }

        return serviceType == typeof(ChatClientMetadata) ? Metadata : serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    private async IAsyncEnumerable<ChatResponseUpdate> StreamScriptedAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ChatResponse response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (ChatResponseUpdate update in response.ToChatResponseUpdates())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return update;
        }
    }
}
