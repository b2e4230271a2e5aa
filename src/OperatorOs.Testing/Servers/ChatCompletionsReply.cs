namespace OperatorOs.Testing;

/// <summary>One scripted answer of a <see cref="ChatCompletionsServer"/>: a text, tool calls, or an HTTP error.</summary>
public sealed record ChatCompletionsReply
{
    private ChatCompletionsReply()
    {
    }

    /// <summary>Gets the assistant's text, if the reply is text.</summary>
    public string? Text { get; private init; }

    /// <summary>Gets the tool calls: the tool name and its arguments as a JSON object.</summary>
    public IReadOnlyList<(string Name, string ArgumentsJson)> ToolCalls { get; private init; } = [];

    /// <summary>Gets the HTTP status of an error reply, or 200.</summary>
    public int Status { get; private init; } = 200;

    /// <summary>Gets the Retry-After an error reply sends, if any.</summary>
    public TimeSpan? RetryAfter { get; private init; }

    /// <summary>Gets the prompt tokens reported, or <see langword="null"/> to count roughly from the request (4 characters a token).</summary>
    public int? PromptTokens { get; init; }

    /// <summary>Gets the completion tokens reported, or <see langword="null"/> to count roughly from the reply.</summary>
    public int? CompletionTokens { get; init; }

    /// <summary>Gets a value indicating whether the reply leaves out the <c>usage</c> object, as some providers do.</summary>
    public bool OmitUsage { get; init; }

    /// <summary>Creates a text reply.</summary>
    /// <param name="text">The assistant's text.</param>
    /// <returns>The reply.</returns>
    public static ChatCompletionsReply WithText(string text) => new() { Text = text ?? throw new ArgumentNullException(nameof(text)) };

    /// <summary>Creates a reply that calls one or more tools.</summary>
    /// <param name="calls">Each tool's name and its arguments as a JSON object.</param>
    /// <returns>The reply.</returns>
    public static ChatCompletionsReply WithToolCalls(params (string Name, string ArgumentsJson)[] calls) =>
        calls is { Length: > 0 } ? new() { ToolCalls = calls } : throw new ArgumentException("At least one tool call is needed.", nameof(calls));

    /// <summary>Creates an error reply, for example 429 with a Retry-After or 500.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="retryAfter">The Retry-After to send, if any.</param>
    /// <returns>The reply.</returns>
    public static ChatCompletionsReply WithError(int status, TimeSpan? retryAfter = null) =>
        status is >= 400 and < 600 ? new() { Status = status, RetryAfter = retryAfter } : throw new ArgumentOutOfRangeException(nameof(status), status, "An error status is 4xx or 5xx.");
}
