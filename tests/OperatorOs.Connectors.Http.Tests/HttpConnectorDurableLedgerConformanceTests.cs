namespace OperatorOs.Connectors.Http.Tests;

/// <summary>The shared conformance suite again, with every connector instance recording into one SQLite ledger file.</summary>
public sealed class HttpConnectorDurableLedgerConformanceTests : ConnectorConformanceTests
{
    private readonly ConnectorFixture _fixture = new();
    private readonly TempDirectory _directory = new();

    private string Ledger => _directory.Combine("ledger.db");

    protected override Task<Connector> CreateConnectorAsync(bool readOnly) =>
        Task.FromResult<Connector>(_fixture.Create(o =>
        {
            o.ReadOnly = readOnly;
            o.LedgerPath = Ledger;
        }));

    protected override (string Capability, System.Text.Json.JsonElement Arguments) WriteRequest() =>
        (ConnectorFixture.RefundCapability, TestJson.Parse("""{"refund":{"payment":"pay_conformance","amount":250}}"""));

    protected override (string Capability, System.Text.Json.JsonElement Arguments, string Path) BadArguments() =>
        (ConnectorFixture.RefundCapability, TestJson.Parse("""{"amount":250}"""), "$.amount");

    protected override Task<int> CountEffectsAsync(OperationToken token) => Task.FromResult(_fixture.Server.ProcessedCount(token.Value));

    protected override async Task SimulateLostAcknowledgementAsync(Connector connector, OperationRequest request)
    {
        HttpConnector crashing = _fixture.Create(o =>
        {
            o.Timeout = TimeSpan.FromSeconds(2);
            o.MaxRetryAttempts = 0;
            o.LedgerPath = Ledger;
        });
        _fixture.Server.DelayAfterProcessing = TimeSpan.FromSeconds(6);

        HttpConnectorException lost = await Assert.ThrowsAsync<HttpConnectorException>(() => crashing.ExecuteAsync(request, TestContext.Current.CancellationToken));

        Assert.True(lost.IsTransient);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await _fixture.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
