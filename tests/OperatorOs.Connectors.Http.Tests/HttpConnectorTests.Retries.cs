using System.Diagnostics;

namespace OperatorOs.Connectors.Http.Tests;

public sealed partial class HttpConnectorTests
{
    [Fact]
    public async Task ExecuteAsync_GetAnswered503WithRetryAfter_WaitsAsAskedAndRetries()
    {
        HttpConnector connector = _fixture.Create(o => o.RetryDelay = TimeSpan.Zero);
        Server.Enqueue(new ScriptedResponse(503, RetryAfter: "1"));
        var clock = Stopwatch.StartNew();

        OperationResult result = await ConnectorFixture.ExecuteAsync(connector, ConnectorFixture.GetRefundCapability, """{"id":"re_9"}""", "get-503");

        Assert.Equal(200, result.Output.GetProperty("status").GetInt32());
        Assert.Equal(2, Server.Requests.Count);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(900), $"retried after {clock.Elapsed}");
    }

    [Fact]
    public async Task ExecuteAsync_GetAnswered429_Retries()
    {
        HttpConnector connector = _fixture.Create();
        Server.Enqueue(new ScriptedResponse(429, RetryAfter: "0"));
        Server.Enqueue(new ScriptedResponse(500));

        OperationResult result = await ConnectorFixture.ExecuteAsync(connector, ConnectorFixture.GetRefundCapability, """{"id":"re_9"}""", "get-429");

        Assert.Equal(200, result.Output.GetProperty("status").GetInt32());
        Assert.Equal(3, Server.Requests.Count);
    }

    [Fact]
    public async Task ExecuteAsync_RetryAfterLongerThanAllowed_FailsTransientWithoutWaiting()
    {
        HttpConnector connector = _fixture.Create(o => o.MaxRetryAfter = TimeSpan.FromSeconds(1));
        Server.Enqueue(new ScriptedResponse(503, RetryAfter: "120"));

        HttpConnectorException ex = await Assert.ThrowsAsync<HttpConnectorException>(
            () => ConnectorFixture.ExecuteAsync(connector, ConnectorFixture.GetRefundCapability, """{"id":"re_9"}""", "get-long"));

        Assert.Equal(503, ex.StatusCode);
        Assert.True(ex.IsTransient);
        Assert.Equal(TimeSpan.FromSeconds(120), ex.RetryAfter);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task ExecuteAsync_RetriesExhausted_CarriesTheLastRetryAfter()
    {
        HttpConnector connector = _fixture.Create(o => (o.MaxRetryAttempts, o.RetryDelay) = (1, TimeSpan.Zero));
        Server.Enqueue(new ScriptedResponse(429, RetryAfter: "0"));
        Server.Enqueue(new ScriptedResponse(429, RetryAfter: "7"));

        HttpConnectorException ex = await Assert.ThrowsAsync<HttpConnectorException>(
            () => ConnectorFixture.ExecuteAsync(connector, ConnectorFixture.GetRefundCapability, """{"id":"re_9"}""", "get-exhausted"));

        Assert.Equal(429, ex.StatusCode);
        Assert.True(ex.IsTransient);
        Assert.Equal(TimeSpan.FromSeconds(7), ex.RetryAfter);
        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public async Task ExecuteAsync_TransientWithoutRetryAfter_CarriesNoDelay()
    {
        HttpConnector connector = _fixture.Create(o => o.RetryKeyedNonIdempotentMethods = false);
        Server.Enqueue(new ScriptedResponse(502));

        HttpConnectorException ex = await Assert.ThrowsAsync<HttpConnectorException>(() => ConnectorFixture.RefundAsync(connector, "post-no-delay"));

        Assert.True(ex.IsTransient);
        Assert.Null(ex.RetryAfter);
    }

    [Fact]
    public async Task ExecuteAsync_KeyedPostAnswered503_IsRetriedAndProcessedOnce()
    {
        HttpConnector connector = _fixture.Create();
        Server.Enqueue(new ScriptedResponse(503, RetryAfter: "0"));

        OperationResult result = await ConnectorFixture.RefundAsync(connector, "post-503");

        Assert.Equal(201, result.Output.GetProperty("status").GetInt32());
        Assert.Equal(2, Server.Requests.Count);
        Assert.Equal(1, Server.ProcessedCount("post-503"));
    }

    [Fact]
    public async Task ExecuteAsync_KeyedPostWithRetryOfKeyedRequestsOff_IsNotRetried()
    {
        HttpConnector connector = _fixture.Create(o => o.RetryKeyedNonIdempotentMethods = false);
        Server.Enqueue(new ScriptedResponse(503, RetryAfter: "0"));

        HttpConnectorException ex = await Assert.ThrowsAsync<HttpConnectorException>(() => ConnectorFixture.RefundAsync(connector, "post-off"));

        Assert.Equal(503, ex.StatusCode);
        Assert.True(ex.IsTransient);
        Assert.Single(Server.Requests);
        Assert.Equal(OperationState.NotFound, (await connector.GetStatusAsync(ConnectorFixture.Token("post-off"), Ct)).State);
    }

    [Fact]
    public async Task ExecuteAsync_UnkeyedPost_SendsNoKeyAndIsNotRetried()
    {
        HttpConnector connector = _fixture.Create(o => o.IdempotencyKeyHeaderName = null);
        Server.Enqueue(new ScriptedResponse(503, RetryAfter: "0"));

        await Assert.ThrowsAsync<HttpConnectorException>(() => ConnectorFixture.RefundAsync(connector, "post-unkeyed"));

        RecordedRequest sent = Assert.Single(Server.Requests);
        Assert.Null(sent.IdempotencyKey);
    }

    [Fact]
    public async Task ExecuteAsync_CustomIdempotencyHeaderName_CarriesTheToken()
    {
        HttpConnector connector = _fixture.Create(o => o.IdempotencyKeyHeaderName = "X-Request-Key");

        await ConnectorFixture.RefundAsync(connector, "custom-key");

        Assert.Null(Assert.Single(Server.Requests).IdempotencyKey);
    }

    [Fact]
    public async Task ExecuteAsync_ClientError_FailsAtOnceNonTransientWithStatus()
    {
        HttpConnector connector = _fixture.Create();

        HttpConnectorException ex = await Assert.ThrowsAsync<HttpConnectorException>(
            () => ConnectorFixture.ExecuteAsync(connector, ConnectorFixture.RejectCapability, "{}", "reject-1"));

        Assert.Equal(400, ex.StatusCode);
        Assert.False(ex.IsTransient);
        Assert.Contains("POST /reject -> 400: invalid request", ex.Message, StringComparison.Ordinal);
        Assert.Single(Server.Requests);
    }
}
