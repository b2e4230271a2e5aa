using System.Text.Json;

namespace OperatorOs.Connectors.Http.Tests;

/// <summary>Runs the shared connector conformance suite against HTTP connectors calling a real payments server on 127.0.0.1.</summary>
/// <remarks>Effects are counted by the server (refunds processed per idempotency key). A lost acknowledgement is a refund the
/// server processes and answers only after the client's timeout, sent by another connector instance standing for the process
/// that crashed, so the connector under test holds nothing about the token in memory.</remarks>
public sealed class HttpConnectorConformanceTests : ConnectorConformanceTests
{
    private readonly ConnectorFixture _fixture = new();

    protected override Task<Connector> CreateConnectorAsync(bool readOnly) =>
        Task.FromResult<Connector>(_fixture.Create(o => o.ReadOnly = readOnly));

    protected override (string Capability, JsonElement Arguments) WriteRequest() =>
        (ConnectorFixture.RefundCapability, TestJson.Parse("""{"refund":{"payment":"pay_conformance","amount":250}}"""));

    protected override (string Capability, JsonElement Arguments, string Path) BadArguments() =>
        (ConnectorFixture.RefundCapability, TestJson.Parse("""{"amount":250}"""), "$.amount");

    protected override Task<int> CountEffectsAsync(OperationToken token) => Task.FromResult(_fixture.Server.ProcessedCount(token.Value));

    protected override async Task SimulateLostAcknowledgementAsync(Connector connector, OperationRequest request)
    {
        // As in HttpConnectorTests: no retries inside the crashing connector, and the answer comes after its timeout.
        HttpConnector crashing = _fixture.Create(o =>
        {
            o.Timeout = TimeSpan.FromSeconds(2);
            o.MaxRetryAttempts = 0;
        });
        _fixture.Server.DelayAfterProcessing = TimeSpan.FromSeconds(6);

        HttpConnectorException lost = await Assert.ThrowsAsync<HttpConnectorException>(() => crashing.ExecuteAsync(request, Ct));

        Assert.True(lost.IsTransient);
    }

    protected override ValueTask DisposeAsyncCore() => _fixture.DisposeAsync();
}
