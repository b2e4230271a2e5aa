using System.Text.Json;

namespace OperatorOs.Connectors.Mcp.Tests;

/// <summary>Calls against the reference filesystem server; effects are observed on the file system itself.</summary>
public sealed class McpConnectorExecutionTests : IDisposable
{
    private readonly FilesystemServer _server = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WriteFile_SameTokenTwice_WritesOnceAndReturnsTheRecordedResult()
    {
        await using McpConnector connector = await _server.StartAsync();
        string file = _server.PathOf("note.txt");
        OperationRequest request = Write(file, "from the tool");

        OperationResult first = await connector.ExecuteAsync(request, Ct);
        await File.WriteAllTextAsync(file, "changed by someone else", Ct); // a second real write would put "from the tool" back
        OperationResult second = await connector.ExecuteAsync(request, Ct);

        Assert.Equal("changed by someone else", await File.ReadAllTextAsync(file, Ct));
        Assert.Equal(first, second with { Output = first.Output });
        Assert.True(JsonElement.DeepEquals(first.Output, second.Output));
        Assert.Equal("fs", first.Output.GetProperty("server").GetString());
        Assert.Equal("write_file", first.Output.GetProperty("tool").GetString());
        Assert.Equal("text", first.Output.GetProperty("content")[0].GetProperty("type").GetString());
        Assert.StartsWith("Called write_file on fs: ", first.Summary, StringComparison.Ordinal);
        Assert.Equal(OperationState.Completed, (await connector.GetStatusAsync(request.Token, Ct)).State);
    }

    [Fact]
    public async Task WriteFile_SameTokenAfterRestart_DoesNotWriteAgain()
    {
        string file = _server.PathOf("note.txt");
        OperationRequest request = Write(file, "from the tool");
        await using (McpConnector before = await _server.StartAsync())
        {
            _ = await before.ExecuteAsync(request, Ct);
        }

        await File.WriteAllTextAsync(file, "changed", Ct);
        await using McpConnector after = await _server.StartAsync();
        _ = await after.ExecuteAsync(request, Ct);

        Assert.Equal("changed", await File.ReadAllTextAsync(file, Ct));
    }

    [Fact]
    public async Task ExecuteAsync_SameTokenWithOtherArguments_ThrowsWithoutCalling()
    {
        await using McpConnector connector = await _server.StartAsync();
        OperationRequest request = Write(_server.PathOf("a.txt"), "a");
        _ = await connector.ExecuteAsync(request, Ct);

        ConnectorException ex = await Assert.ThrowsAsync<ConnectorException>(() =>
            connector.ExecuteAsync(new OperationRequest(request.Capability, FilesystemServer.Args(("path", _server.PathOf("b.txt")), ("content", "b")), request.Token), Ct));

        Assert.False(ex.IsTransient);
        Assert.False(File.Exists(_server.PathOf("b.txt")));
    }

    [Fact]
    public async Task ExecuteAsync_MissingRequiredArgument_ThrowsBeforeAnyCall()
    {
        await using McpConnector connector = await _server.StartAsync();
        string file = _server.PathOf("never.txt");
        var request = new OperationRequest("mcp.fs.write_file", FilesystemServer.Args(("path", file)), NewToken());

        ConnectorArgumentException ex = await Assert.ThrowsAsync<ConnectorArgumentException>(() => connector.ExecuteAsync(request, Ct));

        Assert.Equal("$.content", ex.Path);
        Assert.Equal("mcp.fs.write_file", ex.Capability);
        Assert.False(File.Exists(file));
        Assert.Equal(OperationState.NotFound, (await connector.GetStatusAsync(request.Token, Ct)).State);
    }

    [Fact]
    public async Task ExecuteAsync_WrongArgumentType_ThrowsBeforeAnyCall()
    {
        await using McpConnector connector = await _server.StartAsync();
        var request = new OperationRequest("mcp.fs.write_file", FilesystemServer.Args("""{ "path": 42, "content": "x" }"""), NewToken());

        ConnectorArgumentException ex = await Assert.ThrowsAsync<ConnectorArgumentException>(() => connector.ExecuteAsync(request, Ct));

        Assert.Equal("$.path", ex.Path);
        Assert.Contains("string", ex.Problem, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_server.AllowedDirectory));
    }

    [Fact]
    public async Task ExecuteAsync_PathOutsideAllowedDirectories_ThrowsToolErrorAndReleasesTheToken()
    {
        await using McpConnector connector = await _server.StartAsync();
        OperationRequest request = Write(_server.OutsidePath, "escape");

        McpConnectorException ex = await Assert.ThrowsAsync<McpConnectorException>(() => connector.ExecuteAsync(request, Ct));

        Assert.Equal(McpFailure.ToolError, ex.Failure);
        Assert.Equal("fs", ex.Server);
        Assert.Equal("write_file", ex.Tool);
        Assert.False(ex.IsTransient);
        Assert.Contains("write_file", ex.Message, StringComparison.Ordinal);
        Assert.Contains("outside allowed directories", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.False(File.Exists(_server.OutsidePath));
        Assert.Equal(OperationState.NotFound, (await connector.GetStatusAsync(request.Token, Ct)).State);
    }

    [Fact]
    public async Task ReadTool_SameTokenTwice_CallsTheServerEachTime()
    {
        await using McpConnector connector = await _server.StartAsync();
        string file = _server.PathOf("read.txt");
        await File.WriteAllTextAsync(file, "first", Ct);
        var request = new OperationRequest("mcp.fs.read_text_file", FilesystemServer.Args(("path", file)), NewToken());

        OperationResult before = await connector.ExecuteAsync(request, Ct);
        await File.WriteAllTextAsync(file, "second", Ct);
        OperationResult after = await connector.ExecuteAsync(request, Ct);

        Assert.Equal("first", before.Output.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal("second", after.Output.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal(OperationState.NotFound, (await connector.GetStatusAsync(request.Token, Ct)).State);
    }

    [Fact]
    public async Task CrashBetweenCallAndAcknowledgement_TokenIsInDoubtAndNotCalledAgain()
    {
        string file = _server.PathOf("doubt.txt");
        OperationRequest request = Write(file, "written before the crash");
        await using (McpConnector crashing = await _server.StartAsync())
        {
            crashing.AfterCallBeforeAcknowledge = _ => throw new SimulatedCrashException();
            _ = await Assert.ThrowsAsync<SimulatedCrashException>(() => crashing.ExecuteAsync(request, Ct));
        }

        Assert.Equal("written before the crash", await File.ReadAllTextAsync(file, Ct));
        await File.WriteAllTextAsync(file, "changed after the crash", Ct);
        await using McpConnector restarted = await _server.StartAsync();

        OperationStatus status = await restarted.GetStatusAsync(request.Token, Ct);
        McpConnectorException ex = await Assert.ThrowsAsync<McpConnectorException>(() => restarted.ExecuteAsync(request, Ct));

        Assert.Equal(OperationState.InDoubt, status.State);
        Assert.Null(status.Result);
        Assert.Equal(McpFailure.InDoubt, ex.Failure);
        Assert.False(ex.IsTransient);
        Assert.Contains(request.Token.Value, ex.Message, StringComparison.Ordinal);
        Assert.Equal("changed after the crash", await File.ReadAllTextAsync(file, Ct));
    }

    [Fact]
    public async Task ReleaseInDoubtAsync_ThenExecute_CallsAgainAndCompletes()
    {
        string file = _server.PathOf("doubt.txt");
        OperationRequest request = Write(file, "by the tool");
        await using McpConnector connector = await _server.StartAsync();
        connector.AfterCallBeforeAcknowledge = _ => throw new SimulatedCrashException();
        _ = await Assert.ThrowsAsync<SimulatedCrashException>(() => connector.ExecuteAsync(request, Ct));
        connector.AfterCallBeforeAcknowledge = null;
        await File.WriteAllTextAsync(file, "checked by the operator", Ct);

        bool released = await connector.ReleaseInDoubtAsync(request.Token, Ct);
        OperationResult result = await connector.ExecuteAsync(request, Ct);

        Assert.True(released);
        Assert.Equal("by the tool", await File.ReadAllTextAsync(file, Ct));
        Assert.Equal(OperationState.Completed, (await connector.GetStatusAsync(request.Token, Ct)).State);
        Assert.False(await connector.ReleaseInDoubtAsync(request.Token, Ct)); // a completed token is never forgotten
        Assert.Equal(result.Summary, (await connector.GetStatusAsync(request.Token, Ct)).Result!.Summary);
    }

    [Fact]
    public async Task ExecuteAsync_Cancelled_ThrowsAndWritesNothing()
    {
        await using McpConnector connector = await _server.StartAsync();
        string file = _server.PathOf("cancelled.txt");
        OperationRequest request = Write(file, "x");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connector.ExecuteAsync(request, new CancellationToken(canceled: true)));

        Assert.False(File.Exists(file));
        Assert.Equal(OperationState.NotFound, (await connector.GetStatusAsync(request.Token, Ct)).State);
    }

    private static OperationRequest Write(string path, string content) =>
        new("mcp.fs.write_file", FilesystemServer.Args(("path", path), ("content", content)), NewToken());

    private static OperationToken NewToken() => new($"test:{Guid.NewGuid():N}");

    public void Dispose() => _server.Dispose();

    private sealed class SimulatedCrashException : Exception
    {
        public SimulatedCrashException()
            : base("The process stopped between the call and its acknowledgement.")
        {
        }
    }
}
