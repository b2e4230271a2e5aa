using System.Text.Json;

namespace OperatorOs.Connectors.Files.Tests;

public sealed partial class FilesConnectorTests
{
    [Fact]
    public async Task ExecuteAsync_SameTokenTwice_PerformsOneEffectAndReturnsSameResult()
    {
        using var fixture = new ConnectorFixture();

        OperationResult first = await fixture.WriteAsync("a.txt", "one", "w1");
        fixture.Time.Advance(TimeSpan.FromHours(1));
        OperationResult second = await fixture.WriteAsync("a.txt", "one", "w1");

        Assert.Single(await fixture.HistoryAsync("a.txt"));
        Assert.Equal(first.CompletedAt, second.CompletedAt);
        Assert.Equal(first.Summary, second.Summary);
        Assert.True(JsonElement.DeepEquals(first.Output, second.Output));
    }

    [Fact]
    public async Task ExecuteAsync_SameTokenWithOtherContent_ReturnsRecordedResultAndChangesNothing()
    {
        using var fixture = new ConnectorFixture();

        OperationResult first = await fixture.WriteAsync("a.txt", "one", "w1");
        OperationResult second = await fixture.WriteAsync("a.txt", "two", "w1");

        Assert.True(JsonElement.DeepEquals(first.Output, second.Output));
        Assert.Equal("one", await File.ReadAllTextAsync(Path.Combine(fixture.Root, "a.txt"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ExecuteAsync_TokenReusedForAnotherOperation_ThrowsNonTransientConnectorException()
    {
        using var fixture = new ConnectorFixture();
        await fixture.WriteAsync("a.txt", "one", "w1");

        ConnectorException other = await Assert.ThrowsAsync<ConnectorException>(
            () => fixture.ExecuteAsync(FilesConnector.DeleteCapability, new { path = "a.txt" }, "w1", TestContext.Current.CancellationToken));
        ConnectorException otherPath = await Assert.ThrowsAsync<ConnectorException>(() => fixture.WriteAsync("b.txt", "one", "w1"));

        Assert.False(other.IsTransient);
        Assert.False(otherPath.IsTransient);
        Assert.True(File.Exists(Path.Combine(fixture.Root, "a.txt")));
        Assert.False(File.Exists(Path.Combine(fixture.Root, "b.txt")));
    }

    [Fact]
    public async Task ExecuteAsync_SameDeleteTokenTwice_PerformsOneEffect()
    {
        using var fixture = new ConnectorFixture();
        await fixture.WriteAsync("a.txt", "one", "w1");

        OperationResult first = await fixture.ExecuteAsync(FilesConnector.DeleteCapability, new { path = "a.txt" }, "d1", TestContext.Current.CancellationToken);
        await fixture.WriteAsync("a.txt", "two", "w2");
        OperationResult second = await fixture.ExecuteAsync(FilesConnector.DeleteCapability, new { path = "a.txt" }, "d1", TestContext.Current.CancellationToken);

        Assert.True(JsonElement.DeepEquals(first.Output, second.Output));
        Assert.Equal("two", await File.ReadAllTextAsync(Path.Combine(fixture.Root, "a.txt"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task GetStatusAsync_BeforeAndAfterWrite_ReturnsNotFoundThenCompleted()
    {
        using var fixture = new ConnectorFixture();
        var token = new OperationToken("proposal:42");

        OperationStatus before = await fixture.Connector.GetStatusAsync(token, TestContext.Current.CancellationToken);
        OperationResult result = await fixture.WriteAsync("a.txt", "one", token.Value);
        OperationStatus after = await fixture.Connector.GetStatusAsync(token, TestContext.Current.CancellationToken);

        Assert.Equal(OperationState.NotFound, before.State);
        Assert.Null(before.Result);
        Assert.Equal(OperationState.Completed, after.State);
        Assert.NotNull(after.Result);
        Assert.Equal(token, after.Result.Token);
        Assert.Equal(result.Capability, after.Result.Capability);
        Assert.Equal(result.Summary, after.Result.Summary);
        Assert.Equal(result.CompletedAt, after.Result.CompletedAt);
        Assert.True(JsonElement.DeepEquals(result.Output, after.Result.Output));
    }

    [Fact]
    public async Task GetStatusAsync_NewInstanceOnSameRoot_ReadsDurableLedger()
    {
        using var fixture = new ConnectorFixture();
        OperationResult result = await fixture.WriteAsync("a.txt", "one", "w1");
        using var restarted = new FilesConnector(new FilesConnectorOptions { RootPath = fixture.Root });

        OperationStatus status = await restarted.GetStatusAsync(new OperationToken("w1"), TestContext.Current.CancellationToken);
        OperationResult again = await restarted.ExecuteAsync(
            new OperationRequest(FilesConnector.WriteCapability, ConnectorFixture.Args(new { path = "a.txt", content = "one" }), new OperationToken("w1")),
            TestContext.Current.CancellationToken);

        Assert.Equal(OperationState.Completed, status.State);
        Assert.Equal(result.CompletedAt, again.CompletedAt);
        Assert.Single(await fixture.HistoryAsync("a.txt"));
    }

    [Fact]
    public async Task GetStatusAsync_DefaultToken_ThrowsArgumentException()
    {
        using var fixture = new ConnectorFixture();

        await Assert.ThrowsAsync<ArgumentException>(() => fixture.Connector.GetStatusAsync(default, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ExecuteAsync_RetryAfterCrashBeforeLedger_KeepsOneVersionAndSameContent()
    {
        using var fixture = new ConnectorFixture();
        OperationResult first = await fixture.WriteAsync("a.txt", "one", "w1");

        // Simulate a crash after the effect and the history entry, before the ledger entry was written.
        Directory.Delete(fixture.LedgerDirectory, recursive: true);
        fixture.Time.Advance(TimeSpan.FromMinutes(5));
        OperationResult retried = await fixture.WriteAsync("a.txt", "one", "w1");

        JsonElement[] history = await fixture.HistoryAsync("a.txt");
        Assert.Single(history);
        Assert.Equal("w1", history[0].GetProperty("token").GetString());
        Assert.True(JsonElement.DeepEquals(first.Output, retried.Output));
        Assert.Equal(first.CompletedAt, retried.CompletedAt);
        Assert.Equal("one", await File.ReadAllTextAsync(Path.Combine(fixture.Root, "a.txt"), TestContext.Current.CancellationToken));
        Assert.Equal(OperationState.Completed, (await fixture.Connector.GetStatusAsync(new OperationToken("w1"), TestContext.Current.CancellationToken)).State);
    }

    [Fact]
    public async Task ExecuteAsync_RetryAfterCrashBeforeHistory_SucceedsDespiteExpectedVersion()
    {
        using var fixture = new ConnectorFixture();
        OperationResult first = await fixture.WriteAsync("a.txt", "one", "w1");
        string v1 = first.Output.GetProperty("version").GetString()!;
        await fixture.WriteAsync("a.txt", "two", "w2", expectedVersion: v1);

        // Simulate a crash right after the file was replaced: neither history nor ledger know about w2.
        Directory.Delete(fixture.LedgerDirectory, recursive: true);
        Directory.Delete(fixture.HistoryDirectory, recursive: true);
        OperationResult retried = await fixture.WriteAsync("a.txt", "two", "w2", expectedVersion: v1);

        Assert.Equal(Sha256("two"), retried.Output.GetProperty("version").GetString());
        Assert.Equal("two", await File.ReadAllTextAsync(Path.Combine(fixture.Root, "a.txt"), TestContext.Current.CancellationToken));
        Assert.Single(await fixture.HistoryAsync("a.txt"));
    }

    [Fact]
    public async Task ExecuteAsync_RetryDeleteAfterCrashBeforeHistory_ReportsDeletedVersion()
    {
        using var fixture = new ConnectorFixture();
        await fixture.WriteAsync("a.txt", "one", "w1");

        // Simulate a crash right after the file was deleted, before history and ledger were written.
        File.Delete(Path.Combine(fixture.Root, "a.txt"));
        OperationResult retried = await fixture.ExecuteAsync(FilesConnector.DeleteCapability, new { path = "a.txt" }, "d1", TestContext.Current.CancellationToken);

        Assert.Equal(Sha256("one"), retried.Output.GetProperty("deletedVersion").GetString());
        Assert.Equal(["write", "delete"], (await fixture.HistoryAsync("a.txt")).Select(e => e.GetProperty("operation").GetString()));
    }

    [Fact]
    public async Task ExecuteAsync_ConcurrentCallsWithOneToken_PerformOneEffect()
    {
        using var fixture = new ConnectorFixture();
        CancellationToken ct = TestContext.Current.CancellationToken;

        OperationResult[] results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Task.Run(() => fixture.ExecuteAsync(FilesConnector.WriteCapability, new { path = "a.txt", content = $"content {i}" }, "w1", ct), ct)));

        JsonElement[] history = await fixture.HistoryAsync("a.txt");
        Assert.Single(history);
        Assert.All(results, r => Assert.True(JsonElement.DeepEquals(results[0].Output, r.Output)));
        string version = results[0].Output.GetProperty("version").GetString()!;
        Assert.Equal(version, history[0].GetProperty("version").GetString());
        Assert.Equal(version, (await fixture.ReadAsync("a.txt")).Output.GetProperty("version").GetString());
    }

    [Fact]
    public async Task ExecuteAsync_ConcurrentWritesWithDistinctTokens_RecordEveryVersion()
    {
        using var fixture = new ConnectorFixture();
        CancellationToken ct = TestContext.Current.CancellationToken;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => fixture.ExecuteAsync(FilesConnector.WriteCapability, new { path = "a.txt", content = $"content {i}" }, $"w{i}", ct), ct)));

        Assert.Equal(8, (await fixture.HistoryAsync("a.txt")).Length);
    }

    [Fact]
    public async Task ExecuteAsync_ExpectedVersionMatches_Writes()
    {
        using var fixture = new ConnectorFixture();
        OperationResult first = await fixture.WriteAsync("a.txt", "one", "w1");

        OperationResult second = await fixture.WriteAsync("a.txt", "two", "w2", first.Output.GetProperty("version").GetString());

        Assert.Equal(Sha256("two"), second.Output.GetProperty("version").GetString());
    }

    [Fact]
    public async Task ExecuteAsync_ExpectedVersionMismatch_ThrowsAndLeavesFileUnchanged()
    {
        using var fixture = new ConnectorFixture();
        await fixture.WriteAsync("a.txt", "one", "w1");
        await fixture.WriteAsync("a.txt", "two", "w2");

        ConnectorException ex = await Assert.ThrowsAsync<ConnectorException>(() => fixture.WriteAsync("a.txt", "three", "w3", Sha256("one")));

        Assert.False(ex.IsTransient);
        Assert.Contains("expected version", ex.Message, StringComparison.Ordinal);
        Assert.Equal("two", await File.ReadAllTextAsync(Path.Combine(fixture.Root, "a.txt"), TestContext.Current.CancellationToken));
        Assert.Equal(2, (await fixture.HistoryAsync("a.txt")).Length);
        Assert.Equal(OperationState.NotFound, (await fixture.Connector.GetStatusAsync(new OperationToken("w3"), TestContext.Current.CancellationToken)).State);
    }

    [Fact]
    public async Task ExecuteAsync_ExpectedVersionForMissingFile_ThrowsAndCreatesNothing()
    {
        using var fixture = new ConnectorFixture();

        await Assert.ThrowsAsync<ConnectorException>(() => fixture.WriteAsync("a.txt", "one", "w1", Sha256("zero")));

        Assert.Empty(fixture.UserFiles());
    }
}
