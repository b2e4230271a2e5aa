using System.Text.Json;

namespace OperatorOs.Connectors.Http.Tests;

public sealed partial class HttpConnectorTests : IAsyncDisposable
{
    private readonly ConnectorFixture _fixture = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private PaymentsServer Server => _fixture.Server;

    public ValueTask DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task ExecuteAsync_Post_SendsTokenAsIdempotencyKeyAndReturnsStatusSafeHeadersAndJsonBody()
    {
        HttpConnector connector = _fixture.Create();

        OperationResult result = await ConnectorFixture.RefundAsync(connector, "proposal:p1");

        RecordedRequest sent = Assert.Single(Server.Requests);
        Assert.Equal("proposal:p1", sent.IdempotencyKey);
        Assert.Equal("Bearer " + ConnectorFixture.Secret, sent.Authorization);
        Assert.Equal("""{"payment":"pay_1","amount":500}""", sent.Body);
        Assert.Equal("POST /refunds -> 201", result.Summary);
        Assert.Equal(201, result.Output.GetProperty("status").GetInt32());
        Assert.Equal("re_1", result.Output.GetProperty("body").GetProperty("id").GetString());
        Assert.Equal(500, result.Output.GetProperty("body").GetProperty("request").GetProperty("amount").GetInt32());
        JsonElement headers = result.Output.GetProperty("headers");
        Assert.Equal("/refunds/x", headers.GetProperty("Location").GetString());
        Assert.False(headers.TryGetProperty("Set-Cookie", out _));
        Assert.Equal(ConnectorFixture.RefundCapability, result.Capability);
    }

    [Fact]
    public async Task ExecuteAsync_SameTokenTwice_SendsOneRequestAndReturnsTheRecordedResult()
    {
        HttpConnector connector = _fixture.Create();

        OperationResult first = await ConnectorFixture.RefundAsync(connector, "t1");
        OperationResult second = await ConnectorFixture.RefundAsync(connector, "t1");

        Assert.Single(Server.Requests);
        Assert.Equal(1, Server.ProcessedCount("t1"));
        Assert.Same(first, second);
        OperationStatus status = await connector.GetStatusAsync(ConnectorFixture.Token("t1"), Ct);
        Assert.Equal(OperationState.Completed, status.State);
        Assert.Equal(first, status.Result);
    }

    [Fact]
    public async Task GetStatusAsync_UnknownToken_IsNotFound()
    {
        HttpConnector connector = _fixture.Create();

        OperationStatus status = await connector.GetStatusAsync(ConnectorFixture.Token("never"), Ct);

        Assert.Equal(OperationState.NotFound, status.State);
        Assert.Null(status.Result);
        await Assert.ThrowsAsync<ArgumentException>(() => connector.GetStatusAsync(default, Ct));
    }

    [Fact]
    public async Task ExecuteAsync_ResponseLostAfterTheServerProcessed_RetryWithSameTokenIsAnsweredByTheServersIdempotency()
    {
        // Arrange: no retries inside the connector, so the lost response surfaces as a transient failure.
        HttpConnector connector = _fixture.Create(o =>
        {
            o.Timeout = TimeSpan.FromSeconds(2);
            o.MaxRetryAttempts = 0;
        });
        Server.DelayAfterProcessing = TimeSpan.FromSeconds(6);

        // Act: the server performs the refund, but the answer comes after the client gave up.
        HttpConnectorException lost = await Assert.ThrowsAsync<HttpConnectorException>(() => ConnectorFixture.RefundAsync(connector, "crash-1"));
        OperationStatus afterCrash = await connector.GetStatusAsync(ConnectorFixture.Token("crash-1"), Ct);
        OperationResult retried = await ConnectorFixture.RefundAsync(connector, "crash-1");

        // Assert: one effect; the retry got the stored response.
        Assert.True(lost.IsTransient);
        Assert.Null(lost.StatusCode);
        Assert.Equal(OperationState.NotFound, afterCrash.State);
        Assert.Equal(1, Server.ProcessedCount("crash-1"));
        Assert.Equal(1, Server.TotalRefunds);
        Assert.Equal(2, Server.Requests.Count);
        Assert.Equal("true", retried.Output.GetProperty("headers").GetProperty("Idempotent-Replayed").GetString());
        Assert.Equal("re_1", retried.Output.GetProperty("body").GetProperty("id").GetString());
        Assert.Equal(OperationState.Completed, (await connector.GetStatusAsync(ConnectorFixture.Token("crash-1"), Ct)).State);
    }

    [Fact]
    public async Task ExecuteAsync_AttemptTimesOutAfterProcessing_KeyedPostIsRetriedAndCausesOneEffect()
    {
        HttpConnector connector = _fixture.Create(o => o.Timeout = TimeSpan.FromSeconds(2));
        Server.DelayAfterProcessing = TimeSpan.FromSeconds(6);

        OperationResult result = await ConnectorFixture.RefundAsync(connector, "crash-2");

        Assert.Equal(201, result.Output.GetProperty("status").GetInt32());
        Assert.Equal(1, Server.ProcessedCount("crash-2"));
        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public async Task ExecuteAsync_SameTokenWithAnotherBodyOnAFreshConnector_ServerRefusesWithNonTransient422()
    {
        // A restarted connector has an empty in-memory ledger; the server's idempotency catches the mismatch.
        await ConnectorFixture.RefundAsync(_fixture.Create(), "t-422", amount: 500);

        HttpConnectorException ex = await Assert.ThrowsAsync<HttpConnectorException>(() => ConnectorFixture.RefundAsync(_fixture.Create(), "t-422", amount: 900));

        Assert.Equal(422, ex.StatusCode);
        Assert.False(ex.IsTransient);
        Assert.Contains("different body", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, Server.TotalRefunds);
    }

    [Fact]
    public async Task ExecuteAsync_TokenReusedForAnotherCapability_ThrowsNonTransientConnectorException()
    {
        HttpConnector connector = _fixture.Create();
        await ConnectorFixture.RefundAsync(connector, "t-other");

        ConnectorException ex = await Assert.ThrowsAsync<ConnectorException>(
            () => ConnectorFixture.ExecuteAsync(connector, ConnectorFixture.RejectCapability, "{}", "t-other"));

        Assert.False(ex.IsTransient);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task ExecuteAsync_Get_FillsPlaceholdersUrlEncodedAndQueryArguments_AndIsNotRecorded()
    {
        HttpConnector connector = _fixture.Create();

        OperationResult result = await ConnectorFixture.ExecuteAsync(
            connector, ConnectorFixture.GetRefundCapability, """{"id":"re 1/2?x","expand":true,"tag":["a&b",7]}""", "read-1");
        await ConnectorFixture.ExecuteAsync(connector, ConnectorFixture.GetRefundCapability, """{"id":"re 1/2?x"}""", "read-1");

        Assert.Equal(2, Server.Requests.Count);
        Assert.Equal("/refunds/re%201%2F2%3Fx?expand=true&tag=a%26b&tag=7", Server.Requests.First().PathAndQuery);
        Assert.Equal("re 1/2?x", result.Output.GetProperty("body").GetProperty("id").GetString());
        Assert.Equal("GET /refunds/re%201%2F2%3Fx -> 200", result.Summary);
        Assert.Equal(OperationState.NotFound, (await connector.GetStatusAsync(ConnectorFixture.Token("read-1"), Ct)).State);
    }

    [Fact]
    public async Task ExecuteAsync_TextBody_IsTruncatedToTheLimit()
    {
        HttpConnector connector = _fixture.Create(o => o.MaxTextBodyChars = 100);

        OperationResult result = await ConnectorFixture.ExecuteAsync(connector, ConnectorFixture.TextCapability, """{"size":5000}""", "text-1");

        Assert.Equal(100, result.Output.GetProperty("body").GetString()!.Length);
        Assert.True(result.Output.GetProperty("truncated").GetBoolean());
    }

    [Fact]
    public async Task ExecuteAsync_CancelledWhileWaiting_ThrowsOperationCanceledAndRecordsNothing()
    {
        HttpConnector connector = _fixture.Create();
        Server.Enqueue(new ScriptedResponse(200, Delay: TimeSpan.FromSeconds(3)));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ConnectorFixture.RefundAsync(connector, "cancel-1", cancellationToken: cts.Token));

        Assert.Single(Server.Requests);
        Assert.Equal(OperationState.NotFound, (await connector.GetStatusAsync(ConnectorFixture.Token("cancel-1"), Ct)).State);
    }

    [Fact]
    public async Task ExecuteAsync_AlreadyCancelled_SendsNothing()
    {
        HttpConnector connector = _fixture.Create();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ConnectorFixture.RefundAsync(connector, "cancel-2", cancellationToken: new CancellationToken(canceled: true)));

        Assert.Empty(Server.Requests);
    }

    [Fact]
    public async Task ReadOnly_OffersOnlyReadOperations_AndRefusesWritesWithoutARequest()
    {
        HttpConnector connector = _fixture.Create(o => o.ReadOnly = true);

        Assert.All(connector.Capabilities, c => Assert.Equal(RiskTier.Read, c.RiskTier));
        Assert.Equal(
            [ConnectorFixture.GetRefundCapability, ConnectorFixture.EchoCapability, ConnectorFixture.TextCapability],
            connector.Capabilities.Select(c => c.Name));
        await Assert.ThrowsAsync<UnknownCapabilityException>(() => ConnectorFixture.RefundAsync(connector, "ro-1"));
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public void Capabilities_GeneratedSchema_RequiresPlaceholdersAndBodyAndForbidsOthers()
    {
        HttpConnector connector = _fixture.Create();

        CapabilityDescriptor get = connector.GetCapability(ConnectorFixture.GetRefundCapability);
        CapabilityDescriptor refund = connector.GetCapability(ConnectorFixture.RefundCapability);

        Assert.Equal(["id"], get.ArgumentsSchema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.True(get.ArgumentsSchema.GetProperty("properties").TryGetProperty("expand", out _));
        Assert.False(get.ArgumentsSchema.GetProperty("additionalProperties").GetBoolean());
        Assert.Equal(["refund"], refund.ArgumentsSchema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(RiskTier.Financial, refund.RiskTier);
        Assert.Equal("Calls GET /refunds/{id}.", get.Description);
    }
}
