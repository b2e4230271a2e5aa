using System.Text.Json;

namespace OperatorOs.Connectors.Http.Tests;

/// <summary>With <see cref="HttpConnectorOptions.LedgerPath"/> set, a token's result outlives the connector instance that recorded it.</summary>
public sealed class HttpConnectorDurableLedgerTests : IAsyncDisposable
{
    private readonly ConnectorFixture _fixture = new();
    private readonly TempDirectory _directory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AfterARestart_TheRecordedResultIsReturned_AndNothingIsSentAgain()
    {
        string ledger = _directory.Combine("http-ledger.db");
        HttpConnector before = _fixture.Create(o => o.LedgerPath = ledger);
        OperationResult first = await ConnectorFixture.RefundAsync(before, "tok-durable-1");
        int requests = _fixture.Server.Requests.Count;

        HttpConnector after = _fixture.Create(o => o.LedgerPath = ledger);
        OperationStatus status = await after.GetStatusAsync(new OperationToken("tok-durable-1"), Ct);
        OperationResult again = await ConnectorFixture.RefundAsync(after, "tok-durable-1");

        Assert.Equal(OperationState.Completed, status.State);
        Assert.Equal(first.Summary, status.Result!.Summary);
        Assert.Equal(first.Output.GetRawText(), again.Output.GetRawText());
        Assert.Equal(first.CompletedAt, again.CompletedAt);
        Assert.Equal(requests, _fixture.Server.Requests.Count);
        Assert.Equal(1, _fixture.Server.ProcessedCount("tok-durable-1"));
    }

    [Fact]
    public async Task WithoutALedgerFile_ANewInstanceKnowsNothing()
    {
        HttpConnector before = _fixture.Create();
        _ = await ConnectorFixture.RefundAsync(before, "tok-memory-1");

        OperationStatus status = await _fixture.Create().GetStatusAsync(new OperationToken("tok-memory-1"), Ct);

        Assert.Equal(OperationState.NotFound, status.State);
    }

    [Fact]
    public async Task UnusableLedgerFile_IsATypedConnectorError()
    {
        string notADatabase = _directory.Combine("garbage.db");
        await File.WriteAllTextAsync(notADatabase, new string('x', 4096), Ct);
        HttpConnector connector = _fixture.Create(o => o.LedgerPath = notADatabase);

        ConnectorException error = await Assert.ThrowsAsync<ConnectorException>(() => connector.GetStatusAsync(new OperationToken("t"), Ct));

        Assert.Contains("garbage.db", error.Message, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        await _fixture.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
