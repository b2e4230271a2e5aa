using System.ComponentModel;
using System.Reflection;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using OperatorOs.Connectors.Mcp.Internal;
using Polly.Timeout;

namespace OperatorOs.Connectors.Mcp;

/// <content>The session with the server: starting or connecting, the handshake, tool discovery and restarting a lost server.</content>
public sealed partial class McpConnector
{
    private readonly SemaphoreSlim _sessionGate = new(1, 1);
    private readonly StandardErrorTail _stderr = new();
    private McpClient? _client;

    private async Task<ToolCatalog> DiscoverAsync(CancellationToken cancellationToken)
    {
        McpClient client = await GetClientAsync(cancellationToken).ConfigureAwait(false);
        var tools = new List<Tool>();
        try
        {
            await _startPipeline.ExecuteAsync(
                static async (state, ct) =>
                {
                    string? cursor = null;
                    do
                    {
                        ListToolsResult page = await state.client.ListToolsAsync(new ListToolsRequestParams { Cursor = cursor }, ct).ConfigureAwait(false);
                        state.tools.AddRange(page.Tools ?? []);
                        cursor = page.NextCursor;
                    }
                    while (cursor is not null);
                },
                (client, tools),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || ex is TimeoutRejectedException)
        {
            throw StartFailure("listing its tools", ex);
        }

        ToolCatalog catalog = ToolCatalog.Build(tools, _settings, out List<string> problems);
        if (problems.Count > 0)
        {
            throw new McpConnectorException(Name, _serverName, null, McpFailure.Startup, $"the configuration does not match server '{_serverName}': {string.Join("; ", problems)}", isTransient: false);
        }

        return catalog;
    }

    // Returns the live session, starting a new one when there is none or the server was lost.
    private async Task<McpClient> GetClientAsync(CancellationToken cancellationToken)
    {
        McpClient? current = Volatile.Read(ref _client);
        if (current is not null && !current.Completion.IsCompleted)
        {
            return current;
        }

        await _sessionGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            if (_client is { } live && !live.Completion.IsCompleted)
            {
                return live;
            }

            if (_client is { } lost)
            {
                _client = null;
                await lost.DisposeAsync().ConfigureAwait(false);
            }

            McpClient client;
            try
            {
                client = await _startPipeline.ExecuteAsync(
                    static async (connector, ct) => await McpClient.CreateAsync(connector.CreateTransport(), connector.ClientOptions(), null, ct).ConfigureAwait(false),
                    this,
                    cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || ex is TimeoutRejectedException)
            {
                throw StartFailure("starting it", ex);
            }

            _client = client;
            return client;
        }
        finally
        {
            _ = _sessionGate.Release();
        }
    }

    private async Task CloseSessionAsync()
    {
        await _sessionGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_client is { } client)
            {
                _client = null;
                await client.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _ = _sessionGate.Release();
        }
    }

    private McpClientOptions ClientOptions() => new()
    {
        ClientInfo = new Implementation
        {
            Name = "OperatorOs",
            Version = typeof(McpConnector).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0",
        },
        InitializationTimeout = _options.StartTimeout,
        TimeProvider = _timeProvider,
    };

    private IClientTransport CreateTransport()
    {
        if (_options.Endpoint is { } endpoint)
        {
            return new HttpClientTransport(new HttpClientTransportOptions
            {
                Endpoint = endpoint,
                Name = _serverName,
                ConnectionTimeout = _options.StartTimeout,
                AdditionalHeaders = new Dictionary<string, string>(_options.HttpHeaders, StringComparer.OrdinalIgnoreCase),
            });
        }

        Dictionary<string, string?> environment = _options.InheritEnvironment ? [] : StdioClientTransportOptions.GetDefaultEnvironmentVariables();
        foreach (KeyValuePair<string, string?> variable in _options.EnvironmentVariables)
        {
            environment[variable.Key] = variable.Value;
        }

        return new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = _serverName,
            Command = _options.Command!,
            Arguments = [.. _options.Arguments],
            WorkingDirectory = _options.WorkingDirectory,
            InheritEnvironmentVariables = _options.InheritEnvironment,
            EnvironmentVariables = environment,
            ShutdownTimeout = TimeSpan.FromSeconds(2),
            StandardErrorLines = _stderr.Add,
        });
    }

    private McpConnectorException StartFailure(string doing, Exception exception)
    {
        string where = _options.Endpoint is { } endpoint ? $"at {endpoint.GetLeftPart(UriPartial.Path)}" : $"'{_options.Command}'";
        Win32Exception? notRun = exception as Win32Exception ?? exception.InnerException as Win32Exception;
        string detail = exception switch
        {
            TimeoutRejectedException => $"no answer within {_options.StartTimeout.TotalSeconds:0.###} s",
            _ when notRun is not null => $"the command could not be run ({notRun.Message})",
            ClientTransportClosedException closed => Describe(closed.Details),
            McpProtocolException protocol => $"JSON-RPC error {(int)protocol.ErrorCode}: {protocol.Message}",
            _ => Redact(exception.Message),
        };
        string stderr = _stderr.Text();
        if (stderr.Length > 0 && !detail.Contains(stderr, StringComparison.Ordinal))
        {
            detail += $"; standard error: {stderr}";
        }

        return new McpConnectorException(
            Name,
            _serverName,
            null,
            McpFailure.Startup,
            $"server '{_serverName}' ({where}) failed while {doing}: {detail}",
            isTransient: exception is TimeoutRejectedException or IOException or HttpRequestException,
            exception);
    }

    private static string Describe(ClientCompletionDetails? details) => details switch
    {
        StdioClientCompletionDetails stdio => $"the server process exited{(stdio.ExitCode is { } code ? $" with code {code}" : string.Empty)}"
            + (stdio.StandardErrorTail is { Count: > 0 } tail ? $"; standard error: {string.Join(" | ", tail.TakeLast(8))}" : string.Empty),
        HttpClientCompletionDetails http => $"the HTTP session ended{(http.HttpStatusCode is { } status ? $" with status {(int)status}" : string.Empty)}",
        { Exception: { } inner } => $"the session ended: {inner.Message}",
        _ => "the session ended",
    };

    // Header values (credentials) must never reach a message.
    private string Redact(string message)
    {
        foreach (string value in _options.HttpHeaders.Values.Where(v => v.Length >= 4))
        {
            message = message.Replace(value, "***", StringComparison.Ordinal);
        }

        return message;
    }
}
