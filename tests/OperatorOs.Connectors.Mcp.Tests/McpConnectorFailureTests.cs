namespace OperatorOs.Connectors.Mcp.Tests;

/// <summary>Server failures, with a deliberately misbehaving MCP server: exit at start or during a call, malformed answers,
/// JSON-RPC errors and calls that never answer. The server appends a line to a record file for every call with an effect.</summary>
public sealed class McpConnectorFailureTests : IDisposable
{
    private readonly TempDirectory _root = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string RecordFile => _root.Combine("calls.log");

    [Fact]
    public async Task StartAsync_ServerExitsAtStart_ThrowsStartupFailureWithExitCodeAndStandardError()
    {
        await using var connector = new McpConnector(Options(o => o.Arguments.Add("exit-at-start")));

        McpConnectorException ex = await Assert.ThrowsAsync<McpConnectorException>(() => connector.StartAsync(Ct));

        Assert.Equal(McpFailure.Startup, ex.Failure);
        Assert.Equal("bad", ex.Server);
        Assert.Null(ex.Tool);
        Assert.Contains("refusing to start", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_CommandMissing_ThrowsStartupFailureNamingTheCommand()
    {
        await using var connector = new McpConnector(Options(o => o.Command = _root.Combine("no-such-server")));

        McpConnectorException ex = await Assert.ThrowsAsync<McpConnectorException>(() => connector.StartAsync(Ct));

        Assert.Equal(McpFailure.Startup, ex.Failure);
        Assert.Contains("no-such-server", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_ServerExitsDuringWriteCall_ThrowsServerExitedAndLeavesTheTokenInDoubtWithoutRetry()
    {
        await using McpConnector connector = await StartAsync();
        OperationRequest request = Request("exit_during_call");

        McpConnectorException ex = await Assert.ThrowsAsync<McpConnectorException>(() => connector.ExecuteAsync(request, Ct));
        McpConnectorException again = await Assert.ThrowsAsync<McpConnectorException>(() => connector.ExecuteAsync(request, Ct));

        Assert.Equal(McpFailure.ServerExited, ex.Failure);
        Assert.Equal("exit_during_call", ex.Tool);
        Assert.False(ex.IsTransient);
        Assert.Contains("in doubt", ex.Message, StringComparison.Ordinal);
        Assert.Equal(McpFailure.InDoubt, again.Failure);
        Assert.Equal(OperationState.InDoubt, (await connector.GetStatusAsync(request.Token, Ct)).State);
        Assert.Equal(["exit_during_call"], Calls());
    }

    [Fact]
    public async Task ExecuteAsync_AfterServerExited_RestartsTheServerForTheNextCall()
    {
        await using McpConnector connector = await StartAsync();
        _ = await Assert.ThrowsAsync<McpConnectorException>(() => connector.ExecuteAsync(Request("exit_during_call"), Ct));

        OperationResult result = await connector.ExecuteAsync(Request("record", """{ "text": "after restart" }"""), Ct);

        Assert.Equal("recorded after restart", result.Output.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal(["exit_during_call", "after restart"], Calls());
    }

    [Fact]
    public async Task ExecuteAsync_ReadToolLosesItsServer_IsRetriedOnARestartedServer()
    {
        await using McpConnector connector = await StartAsync(o =>
        {
            o.ToolRiskTiers["exit_during_call"] = RiskTier.Read; // misconfigured on purpose: a read is retried
            o.MaxReadRetryAttempts = 2;
        });

        McpConnectorException ex = await Assert.ThrowsAsync<McpConnectorException>(() => connector.ExecuteAsync(Request("exit_during_call"), Ct));

        Assert.Equal(McpFailure.ServerExited, ex.Failure);
        Assert.True(ex.IsTransient);
        Assert.Equal(["exit_during_call", "exit_during_call", "exit_during_call"], Calls());
    }

    [Fact]
    public async Task ExecuteAsync_MalformedAnswer_ThrowsMalformedResponseAndTokenIsInDoubt()
    {
        await using McpConnector connector = await StartAsync();
        OperationRequest request = Request("malformed");

        McpConnectorException ex = await Assert.ThrowsAsync<McpConnectorException>(() => connector.ExecuteAsync(request, Ct));

        Assert.Equal(McpFailure.MalformedResponse, ex.Failure);
        Assert.Equal("malformed", ex.Tool);
        Assert.Equal(OperationState.InDoubt, (await connector.GetStatusAsync(request.Token, Ct)).State);
    }

    [Fact]
    public async Task ExecuteAsync_JsonRpcError_ThrowsProtocolErrorAndReleasesTheToken()
    {
        await using McpConnector connector = await StartAsync();
        OperationRequest request = Request("protocol_error");

        McpConnectorException ex = await Assert.ThrowsAsync<McpConnectorException>(() => connector.ExecuteAsync(request, Ct));

        Assert.Equal(McpFailure.ProtocolError, ex.Failure);
        Assert.Contains("internal failure", ex.Message, StringComparison.Ordinal);
        Assert.Equal(OperationState.NotFound, (await connector.GetStatusAsync(request.Token, Ct)).State);
    }

    [Fact]
    public async Task ExecuteAsync_NoAnswerWithinCallTimeout_ThrowsTimeoutAndDoesNotRetryTheWriteTool()
    {
        await using McpConnector connector = await StartAsync(o => o.CallTimeout = TimeSpan.FromMilliseconds(500));
        OperationRequest request = Request("hang");

        McpConnectorException ex = await Assert.ThrowsAsync<McpConnectorException>(() => connector.ExecuteAsync(request, Ct));
        _ = await Assert.ThrowsAsync<McpConnectorException>(() => connector.ExecuteAsync(request, Ct));

        Assert.Equal(McpFailure.Timeout, ex.Failure);
        Assert.Equal(OperationState.InDoubt, (await connector.GetStatusAsync(request.Token, Ct)).State);
        Assert.Equal(["hang"], Calls());
    }

    [Fact]
    public async Task ExecuteAsync_CancelledDuringTheCall_ThrowsAndTheTokenIsInDoubt()
    {
        await using McpConnector connector = await StartAsync();
        OperationRequest request = Request("hang");
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cancellation.CancelAfter(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connector.ExecuteAsync(request, cancellation.Token));

        Assert.Equal(OperationState.InDoubt, (await connector.GetStatusAsync(request.Token, Ct)).State);
        Assert.Equal(["hang"], Calls());
    }

    [Fact]
    public async Task ExecuteAsync_ReadToolAnnotatedButNotTrusted_IsRecordedLikeAnyWrite()
    {
        await using McpConnector connector = await StartAsync();
        OperationRequest request = Request("echo", """{ "text": "hi" }""");

        OperationResult result = await connector.ExecuteAsync(request, Ct);

        Assert.Equal(RiskTier.External, connector.GetCapability("mcp.bad.echo").RiskTier);
        Assert.Equal(OperationState.Completed, (await connector.GetStatusAsync(request.Token, Ct)).State);
        Assert.Equal("Called echo on bad: hi", result.Summary);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _root.Dispose();
    }

    private McpConnectorOptions Options(Action<McpConnectorOptions>? configure = null)
    {
        var options = new McpConnectorOptions
        {
            ServerName = "bad",
            Command = TestServers.Node,
            LedgerPath = _root.Combine("ledger.db"),
            StartTimeout = TimeSpan.FromSeconds(20),
            CallTimeout = TimeSpan.FromSeconds(20),
        };
        options.Arguments.Add(TestServers.MisbehavingServer);
        options.EnvironmentVariables["RECORD_FILE"] = RecordFile;
        configure?.Invoke(options);
        return options;
    }

    private async Task<McpConnector> StartAsync(Action<McpConnectorOptions>? configure = null)
    {
        var connector = new McpConnector(Options(configure));
        await connector.StartAsync(Ct);
        return connector;
    }

    private static OperationRequest Request(string tool, string arguments = "{}") =>
        new($"mcp.bad.{tool}", FilesystemServer.Args(arguments), new OperationToken($"test:{Guid.NewGuid():N}"));

    private string[] Calls() => File.Exists(RecordFile) ? File.ReadAllLines(RecordFile) : [];
}
