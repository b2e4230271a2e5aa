using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using OperatorOs.Connectors.Mcp.Internal;
using OperatorOs.Shared;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace OperatorOs.Connectors.Mcp;

/// <content>Calling tools: the ledger around calls with an effect, the resilience pipelines, and turning answers into results or typed errors.</content>
public sealed partial class McpConnector
{
    private static readonly JsonTypeInfo<CallToolResult> CallToolResultInfo =
        (JsonTypeInfo<CallToolResult>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(CallToolResult));

    private static ResiliencePipeline BuildReadPipeline(McpConnectorOptions options, TimeProvider timeProvider)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
        if (options.MaxReadRetryAttempts > 0)
        {
            _ = builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxReadRetryAttempts,
                Delay = McpConnectorConstants.ReadRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is McpConnectorException { IsTransient: true }),
            });
        }

        return builder.Build();
    }

    // Read tools change nothing: no ledger, and a timeout or a lost server is retried (on a restarted server).
    private async Task<OperationResult> CallReadToolAsync(CompiledTool tool, OperationRequest request, CancellationToken cancellationToken) =>
        await _readPipeline.ExecuteAsync(
            static async (state, ct) =>
            {
                McpClient client = await state.connector.GetClientAsync(ct).ConfigureAwait(false);
                return await state.connector.CallOnceAsync(client, state.tool, state.request, ct).ConfigureAwait(false);
            },
            (connector: this, tool, request),
            cancellationToken).ConfigureAwait(false);

    private async Task<OperationResult> CallRecordedToolAsync(CompiledTool tool, OperationRequest request, CancellationToken cancellationToken)
    {
        string hash = HashOf(request.Arguments);
        LedgerEntry? known = await _ledger.BeginAsync(request.Token, request.Capability, tool.ToolName, hash, _timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (known is not null)
        {
            return Recorded(known, tool, request, hash);
        }

        // The token is marked started. Connect only now would risk a stale mark if connecting fails, so a failure to get a
        // session releases the mark: the call certainly was not sent.
        McpClient client;
        try
        {
            client = await GetClientAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _ = await _ledger.ReleaseAsync(request.Token, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        OperationResult result;
        try
        {
            result = await CallOnceAsync(client, tool, request, cancellationToken).ConfigureAwait(false);
        }
        catch (McpConnectorException ex) when (ex.Failure is McpFailure.ToolError or McpFailure.ProtocolError)
        {
            // The server answered that the call failed: nothing to keep, the token may be executed again.
            _ = await _ledger.ReleaseAsync(request.Token, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        catch (McpConnectorException ex)
        {
            throw new McpConnectorException(
                Name,
                _serverName,
                tool.ToolName,
                ex.Failure,
                $"{ex.Message.Replace($"Connector '{Name}': ", string.Empty, StringComparison.Ordinal)}; whether the call took effect is unknown, so the token '{request.Token}' is now in doubt and will not be repeated",
                isTransient: false,
                ex.InnerException);
        }

        if (AfterCallBeforeAcknowledge is { } hook)
        {
            await hook(result).ConfigureAwait(false);
        }

        await _ledger.CompleteAsync(result, CancellationToken.None).ConfigureAwait(false);
        return result;
    }

    private OperationResult Recorded(LedgerEntry known, CompiledTool tool, OperationRequest request, string hash)
    {
        if (!string.Equals(known.Capability, request.Capability, StringComparison.Ordinal) || !string.Equals(known.ArgumentsHash, hash, StringComparison.Ordinal))
        {
            throw new ConnectorException(Name, $"the token '{request.Token}' was used for another call ('{known.Capability}' with other arguments); use a new token", isTransient: false);
        }

        return known.Result ?? throw new McpConnectorException(
            Name,
            _serverName,
            tool.ToolName,
            McpFailure.InDoubt,
            $"the call of tool '{tool.ToolName}' with token '{request.Token}' was started but its outcome was never recorded; it is not repeated automatically. Check server '{_serverName}', then release the token with {nameof(ReleaseInDoubtAsync)} to call again",
            isTransient: false);
    }

    private async Task<OperationResult> CallOnceAsync(McpClient client, CompiledTool tool, OperationRequest request, CancellationToken cancellationToken)
    {
        var parameters = new CallToolRequestParams { Name = tool.ToolName, Arguments = ArgumentsOf(request.Arguments) };
        CallToolResult answer;
        try
        {
            answer = await _callPipeline.ExecuteAsync(
                static async (state, ct) => await state.client.CallToolAsync(state.parameters, ct).ConfigureAwait(false),
                (client, parameters),
                cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException ex)
        {
            throw CallFailure(tool, McpFailure.Timeout, $"no answer within {_options.CallTimeout.TotalSeconds:0.###} s", isTransient: true, ex);
        }
        catch (McpProtocolException ex)
        {
            throw CallFailure(tool, McpFailure.ProtocolError, $"JSON-RPC error {(int)ex.ErrorCode}: {Redact(ex.Message)}", isTransient: false, ex);
        }
        catch (ClientTransportClosedException ex)
        {
            throw CallFailure(tool, McpFailure.ServerExited, Describe(ex.Details), isTransient: true, ex);
        }
        catch (JsonException ex)
        {
            throw CallFailure(tool, McpFailure.MalformedResponse, $"the answer is not a valid tool result ({ex.Message})", isTransient: false, ex);
        }
        catch (Exception ex) when (ex is IOException or McpException or ObjectDisposedException && !cancellationToken.IsCancellationRequested)
        {
            string detail = client.Completion.IsCompleted ? Describe(await client.Completion.ConfigureAwait(false)) : Redact(ex.Message);
            throw CallFailure(tool, McpFailure.ServerExited, detail, isTransient: true, ex);
        }

        if (answer.Content is null)
        {
            throw CallFailure(tool, McpFailure.MalformedResponse, "the answer has no content", isTransient: false, null);
        }

        if (answer.IsError == true)
        {
            throw CallFailure(tool, McpFailure.ToolError, $"the tool reported an error: {Excerpt(TextOf(answer), McpConnectorConstants.MaxErrorExcerptChars)}", isTransient: false, null);
        }

        return new OperationResult(request.Token, request.Capability, OutputOf(tool, answer), SummaryOf(tool, answer), _timeProvider.GetUtcNow());
    }

    private McpConnectorException CallFailure(CompiledTool tool, McpFailure failure, string detail, bool isTransient, Exception? inner) =>
        new(Name, _serverName, tool.ToolName, failure, $"tool '{tool.ToolName}' on server '{_serverName}': {detail}", isTransient, inner);

    private static Dictionary<string, JsonElement> ArgumentsOf(JsonElement arguments)
    {
        var dictionary = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (JsonProperty property in arguments.EnumerateObject())
        {
            dictionary[property.Name] = property.Value;
        }

        return dictionary;
    }

    // The output keeps what the tool returned: its content blocks and, when given, its structured content.
    private JsonElement OutputOf(CompiledTool tool, CallToolResult answer)
    {
        JsonElement serialized = JsonSerializer.SerializeToElement(answer, CallToolResultInfo);
        return JsonOutput.Build(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("server", _serverName);
            writer.WriteString("tool", tool.ToolName);
            writer.WritePropertyName("content");
            if (serialized.TryGetProperty("content", out JsonElement content))
            {
                content.WriteTo(writer);
            }
            else
            {
                writer.WriteStartArray();
                writer.WriteEndArray();
            }

            if (serialized.TryGetProperty("structuredContent", out JsonElement structured))
            {
                writer.WritePropertyName("structuredContent");
                structured.WriteTo(writer);
            }

            writer.WriteEndObject();
        });
    }

    private string SummaryOf(CompiledTool tool, CallToolResult answer)
    {
        string text = TextOf(answer);
        int newline = text.IndexOfAny(['\r', '\n']);
        string firstLine = Excerpt(newline < 0 ? text : text[..newline], McpConnectorConstants.MaxSummaryExcerptChars);
        string blocks = string.Create(CultureInfo.InvariantCulture, $"{answer.Content.Count} content block{(answer.Content.Count == 1 ? string.Empty : "s")}");
        return firstLine.Length == 0
            ? $"Called {tool.ToolName} on {_serverName}: {blocks}."
            : $"Called {tool.ToolName} on {_serverName}: {firstLine}";
    }

    private static string TextOf(CallToolResult answer) =>
        string.Join("\n", answer.Content.OfType<TextContentBlock>().Select(block => block.Text));

    private static string Excerpt(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
