using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using ModelContextProtocol.Client;
using OperatorOs.Connectors.Mcp.Internal;
using OperatorOs.Shared;
using Polly;

namespace OperatorOs.Connectors.Mcp;

/// <summary>Offers the tools of a Model Context Protocol server as capabilities, with risk tiers from configuration, arguments
/// checked against each tool's input schema, and a durable token ledger that keeps a tool with an effect from running twice.</summary>
/// <remarks>
/// <para><b>Discovery.</b> The constructor does no I/O. <see cref="StartAsync"/> starts (or connects to) the server, performs the
/// MCP handshake and lists its tools; <c>AddMcpConnector</c> registers a hosted service that calls it when the host starts. A
/// connector that was not started starts on first use: <see cref="ExecuteAsync"/> awaits the start, and reading
/// <see cref="Capabilities"/> blocks until it completes. The tool list is read once; restart the connector to pick up new tools.</para>
/// <para><b>Idempotency.</b> MCP tools take no idempotency key, so for every tool above <see cref="RiskTier.Read"/> the connector
/// commits the token as <em>started</em> to its SQLite ledger before calling, and records the result after the call returns.
/// Executing a completed token returns the recorded result without calling. A token that was started but has no result (the
/// process stopped between the call and its acknowledgement, or the call timed out, was cancelled, lost its server or got a
/// malformed answer) is <em>in doubt</em>: <see cref="GetStatusAsync"/> reports <see cref="OperationState.InDoubt"/> and
/// <see cref="ExecuteAsync"/> throws <see cref="McpConnectorException"/> with <see cref="McpFailure.InDoubt"/> instead of calling
/// again; the operator checks the server and may call <see cref="ReleaseInDoubtAsync"/>. A call the server answered with a tool
/// error or a JSON-RPC error had no recorded effect: its mark is removed, so the token may be executed again.
/// <see cref="RiskTier.Read"/> tools are not recorded and may be called again, also after a failure.</para>
/// <para><b>Failures.</b> Tool errors, JSON-RPC errors, malformed answers, a server that exits and timeouts
/// (<see cref="McpConnectorOptions.CallTimeout"/>, enforced with Polly on the connector's <see cref="TimeProvider"/>) become
/// <see cref="McpConnectorException"/> naming the server and the tool. Only calls of <see cref="RiskTier.Read"/> tools are retried
/// (after a timeout or a lost server, which is restarted); a lost server is restarted before the next call of any tool.</para>
/// <para>This class is thread-safe. Two concurrent executions of one token are not both performed: the second fails with a
/// transient <see cref="ConnectorException"/>.</para>
/// </remarks>
public sealed partial class McpConnector : Connector, IAsyncDisposable
{
    private readonly McpConnectorOptions _options;
    private readonly McpToolSettings _settings;
    private readonly string _serverName;
    private readonly TimeProvider _timeProvider;
    private readonly ToolCallLedger _ledger;
    private readonly ResiliencePipeline _startPipeline;
    private readonly ResiliencePipeline _callPipeline;
    private readonly ResiliencePipeline _readPipeline;
    private readonly ConcurrentDictionary<OperationToken, byte> _inFlight = new();
    private readonly SemaphoreSlim _startGate = new(1, 1);
    private volatile ToolCatalog? _catalog;
    private int _disposed;

    /// <summary>Initializes a new instance of the <see cref="McpConnector"/> class, creating or checking the token ledger.</summary>
    /// <param name="options">The connector's settings; the values are copied.</param>
    /// <param name="timeProvider">The clock for timeouts, retry delays and result times, or <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <remarks>The server is not started here; see <see cref="StartAsync"/>.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid; the message names the settings, never a header value.</exception>
    /// <exception cref="ConnectorException">The ledger file cannot be created or has a newer schema.</exception>
    public McpConnector(McpConnectorOptions options, TimeProvider? timeProvider = null)
        : base($"mcp.{Validated(options).ServerName}")
    {
        _options = Copy(options);
        _serverName = options.ServerName!;
        _settings = new McpToolSettings(options);
        _timeProvider = timeProvider ?? TimeProvider.System;
        _ledger = new ToolCallLedger(options.LedgerPath!, Name);
        _startPipeline = new ResiliencePipelineBuilder { TimeProvider = _timeProvider }.AddTimeout(options.StartTimeout).Build();
        _callPipeline = new ResiliencePipelineBuilder { TimeProvider = _timeProvider }.AddTimeout(options.CallTimeout).Build();
        _readPipeline = BuildReadPipeline(options, _timeProvider);
    }

    /// <summary>Gets the server's name.</summary>
    public string ServerName => _serverName;

    /// <summary>Gets the full path of the token ledger file.</summary>
    public string LedgerPath => _ledger.Path;

    /// <inheritdoc/>
    /// <remarks>Starts the connector and waits for it when it has not been started (see <see cref="StartAsync"/>).</remarks>
    /// <exception cref="McpConnectorException">The server could not be started or its tools do not match the configuration.</exception>
    public override IReadOnlyList<CapabilityDescriptor> Capabilities => CatalogBlocking().Descriptors;

    /// <summary>Gets every tool the server listed, with the capability it became or why it is hidden.</summary>
    /// <remarks>Starts the connector and waits for it when it has not been started.</remarks>
    /// <exception cref="McpConnectorException">The server could not be started or its tools do not match the configuration.</exception>
    public IReadOnlyList<McpDiscoveredTool> DiscoveredTools => CatalogBlocking().Discovered;

    /// <summary>Gets or sets a callback run after a tool with an effect returned and before its result is recorded; tests use it
    /// to stand for a process that stops between the call and its acknowledgement.</summary>
    internal Func<OperationResult, Task>? AfterCallBeforeAcknowledge { get; set; }

    /// <summary>Starts the server (or connects to it), performs the MCP handshake and turns its tools into capabilities.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the capabilities are known; at once when the connector already started.</returns>
    /// <exception cref="McpConnectorException">The server could not be started, did not answer within
    /// <see cref="McpConnectorOptions.StartTimeout"/>, or offers no tool that <see cref="McpConnectorOptions.ToolRiskTiers"/>
    /// or <see cref="McpConnectorOptions.AllowedTools"/> names. A later call tries again.</exception>
    /// <exception cref="ObjectDisposedException">The connector was disposed.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default) =>
        _ = await GetCatalogAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    /// <remarks>Checks the arguments against the tool's input schema (see <see cref="Capabilities"/>); does no I/O once started.</remarks>
    public override void ValidateArguments(string capability, JsonElement arguments) =>
        _ = Prepare(CatalogBlocking(), capability, arguments);

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="McpConnectorException">The tool reported an error, the server failed, or the token is in doubt.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled. When that happens during the
    /// call of a tool above <see cref="RiskTier.Read"/>, the token is in doubt.</exception>
    public override async Task<OperationResult> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(request);
        ToolCatalog catalog = await GetCatalogAsync(cancellationToken).ConfigureAwait(false);
        CompiledTool tool = Prepare(catalog, request.Capability, request.Arguments);
        cancellationToken.ThrowIfCancellationRequested();

        if (!_inFlight.TryAdd(request.Token, 0))
        {
            throw new ConnectorException(Name, $"the operation with token '{request.Token}' is already in progress", isTransient: true);
        }

        try
        {
            return tool.IsRead
                ? await CallReadToolAsync(tool, request, cancellationToken).ConfigureAwait(false)
                : await CallRecordedToolAsync(tool, request, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex)
        {
            throw _ledger.Translate(ex);
        }
        catch (InvalidDataException ex)
        {
            throw new ConnectorException(Name, ex.Message, isTransient: false, ex);
        }
        finally
        {
            _ = _inFlight.TryRemove(request.Token, out _);
        }
    }

    /// <inheritdoc/>
    /// <remarks>Answers from the ledger: <see cref="OperationState.Completed"/> with the recorded result,
    /// <see cref="OperationState.InDoubt"/> for a token started without a result, otherwise <see cref="OperationState.NotFound"/>
    /// (also for calls of <see cref="RiskTier.Read"/> tools, which are not recorded). Does not start the server.</remarks>
    /// <exception cref="ArgumentException"><paramref name="token"/> is the default token.</exception>
    /// <exception cref="ConnectorException">The ledger could not be read.</exception>
    public override async Task<OperationStatus> GetStatusAsync(OperationToken token, CancellationToken cancellationToken = default)
    {
        if (token.IsDefault)
        {
            throw new ArgumentException("The operation token is uninitialized.", nameof(token));
        }

        try
        {
            LedgerEntry? entry = await _ledger.ReadAsync(token, cancellationToken).ConfigureAwait(false);
            return entry switch
            {
                null => OperationStatus.NotFound(token),
                { Result: { } result } => OperationStatus.Completed(result),
                _ => OperationStatus.InDoubt(token),
            };
        }
        catch (SqliteException ex)
        {
            throw _ledger.Translate(ex);
        }
        catch (InvalidDataException ex)
        {
            throw new ConnectorException(Name, ex.Message, isTransient: false, ex);
        }
    }

    /// <summary>Forgets an in-doubt token, so that the next execution with it calls the tool again.</summary>
    /// <param name="token">The in-doubt token.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns><see langword="true"/> when the token was in doubt and is now unknown; <see langword="false"/> when it was unknown or completed (a completed token is never forgotten).</returns>
    /// <remarks>An operator's decision: call it only after checking on the server that the effect did not happen.</remarks>
    /// <exception cref="ArgumentException"><paramref name="token"/> is the default token.</exception>
    /// <exception cref="ConnectorException">The ledger could not be written.</exception>
    public async Task<bool> ReleaseInDoubtAsync(OperationToken token, CancellationToken cancellationToken = default)
    {
        if (token.IsDefault)
        {
            throw new ArgumentException("The operation token is uninitialized.", nameof(token));
        }

        try
        {
            return await _ledger.ReleaseAsync(token, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex)
        {
            throw _ledger.Translate(ex);
        }
    }

    /// <inheritdoc/>
    /// <remarks>Returns a copy of the connector's <see cref="McpConnectorOptions"/> when asked for that type.</remarks>
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        _ = Throw.IfNull(serviceType);
        if (serviceKey is null && serviceType == typeof(McpConnectorOptions))
        {
            return Copy(_options);
        }

        return base.GetService(serviceType, serviceKey);
    }

    /// <summary>Stops the server process (or closes the HTTP session) and releases the connector's resources.</summary>
    /// <returns>A task that completes when the session is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await CloseSessionAsync().ConfigureAwait(false);
            _startGate.Dispose();
            _sessionGate.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            // Closing waits for the server process to exit; run it off any synchronization context.
            Task.Run(CloseSessionAsync).GetAwaiter().GetResult();
            _startGate.Dispose();
            _sessionGate.Dispose();
        }

        base.Dispose(disposing);
    }

    private static McpConnectorOptions Validated(McpConnectorOptions options)
    {
        _ = Throw.IfNull(options);
        List<string> failures = McpConnectorOptionsValidation.GetFailures(options);
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", failures), nameof(options));
        }

        return options;
    }

    private static McpConnectorOptions Copy(McpConnectorOptions source)
    {
        var copy = new McpConnectorOptions
        {
            ServerName = source.ServerName,
            Command = source.Command,
            InheritEnvironment = source.InheritEnvironment,
            WorkingDirectory = source.WorkingDirectory,
            Endpoint = source.Endpoint,
            CapabilityPrefix = source.CapabilityPrefix,
            DefaultRiskTier = source.DefaultRiskTier,
            ReadOnly = source.ReadOnly,
            TrustReadOnlyAnnotations = source.TrustReadOnlyAnnotations,
            LedgerPath = source.LedgerPath,
            CallTimeout = source.CallTimeout,
            StartTimeout = source.StartTimeout,
            MaxReadRetryAttempts = source.MaxReadRetryAttempts,
        };
        foreach (string argument in source.Arguments)
        {
            copy.Arguments.Add(argument);
        }

        foreach (KeyValuePair<string, string?> variable in source.EnvironmentVariables)
        {
            copy.EnvironmentVariables.Add(variable);
        }

        foreach (KeyValuePair<string, string> header in source.HttpHeaders)
        {
            copy.HttpHeaders.Add(header);
        }

        foreach (KeyValuePair<string, RiskTier> tier in source.ToolRiskTiers)
        {
            copy.ToolRiskTiers.Add(tier);
        }

        foreach (string tool in source.AllowedTools)
        {
            copy.AllowedTools.Add(tool);
        }

        return copy;
    }

    private CompiledTool Prepare(ToolCatalog catalog, string capability, JsonElement arguments)
    {
        base.ValidateArguments(capability, arguments);
        CompiledTool tool = catalog.Find(capability) ?? throw new UnknownCapabilityException(capability, Name);
        tool.Validate(arguments);
        return tool;
    }

    private ToolCatalog CatalogBlocking() =>
        _catalog ?? Task.Run(() => GetCatalogAsync(CancellationToken.None)).GetAwaiter().GetResult();

    private async Task<ToolCatalog> GetCatalogAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_catalog is { } ready)
        {
            return ready;
        }

        await _startGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_catalog is { } started)
            {
                return started;
            }

            ToolCatalog catalog = await DiscoverAsync(cancellationToken).ConfigureAwait(false);
            _catalog = catalog;
            return catalog;
        }
        finally
        {
            _ = _startGate.Release();
        }
    }

    // The canonical form (compact, as written by Utf8JsonWriter) keeps formatting differences from counting as other arguments.
    private static string HashOf(JsonElement arguments)
    {
        byte[] canonical = JsonOutput.BuildBytes(arguments.WriteTo);
        return Convert.ToHexStringLower(SHA256.HashData(canonical));
    }
}
