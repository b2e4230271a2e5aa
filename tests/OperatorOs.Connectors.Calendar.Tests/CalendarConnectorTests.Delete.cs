namespace OperatorOs.Connectors.Calendar.Tests;

public sealed partial class CalendarConnectorTests
{
    [Fact]
    public async Task Delete_RemovesTheEventAndARepeatReturnsTheRecordedResult()
    {
        CalendarConnector connector = _calendar.Connect();
        OperationRequest create = CreateRequest();
        string uid = Uid(await connector.ExecuteAsync(create, Ct));
        OperationRequest delete = DeleteRequest(uid);

        OperationResult first = await connector.ExecuteAsync(delete, Ct);
        OperationResult second = await connector.ExecuteAsync(delete, Ct);
        OperationStatus status = await connector.GetStatusAsync(delete.Token, Ct);

        Assert.Equal(0, _calendar.CountEffects(create.Token));
        Assert.Empty(_calendar.Stored());
        AssertSame(first, second);
        AssertSame(first, status.Result);
        Assert.True(first.Output.GetProperty("deleted").GetBoolean());
        Assert.Equal(uid, first.Output.GetProperty("uid").GetString());
    }

    [Fact]
    public async Task Delete_AcknowledgementLost_StatusReportsTheDeletionAndRetryReturnsIt()
    {
        CalendarConnector connector = _calendar.Connect();
        string uid = Uid(await connector.ExecuteAsync(CreateRequest(), Ct));
        OperationRequest delete = DeleteRequest(uid);
        var handler = new InterceptingHandler { LoseResponseWhen = r => r.Method == HttpMethod.Delete, MaxLost = int.MaxValue };
        CalendarConnector crashing = _calendar.Connect(handler: handler);
        await Assert.ThrowsAsync<CalendarConnectorException>(() => crashing.ExecuteAsync(delete, Ct));
        CalendarConnector restarted = _calendar.Connect();

        OperationStatus status = await restarted.GetStatusAsync(delete.Token, Ct);
        OperationResult retried = await restarted.ExecuteAsync(delete, Ct);

        Assert.Empty(_calendar.Stored());
        Assert.Equal(OperationState.Completed, status.State);
        AssertSame(status.Result, retried);
    }

    [Fact]
    public async Task Delete_ResponseLostAndDeleteRetried_TheRepeatGets404AndSucceeds()
    {
        CalendarConnector setup = _calendar.Connect();
        string uid = Uid(await setup.ExecuteAsync(CreateRequest(), Ct));
        var handler = new InterceptingHandler { LoseResponseWhen = r => r.Method == HttpMethod.Delete };
        CalendarConnector connector = _calendar.Connect(handler: handler);

        OperationResult result = await connector.ExecuteAsync(DeleteRequest(uid), Ct);

        Assert.True(result.Output.GetProperty("deleted").GetBoolean());
        Assert.Equal(2, handler.Requests.Count(r => r.StartsWith("DELETE", StringComparison.Ordinal) && r.Contains("If-Match:", StringComparison.Ordinal)));
        Assert.Empty(_calendar.Stored());
    }

    [Fact]
    public async Task Delete_UnknownUid_FailsNotTransientAndStaysNotFound()
    {
        CalendarConnector connector = _calendar.Connect();
        await connector.ExecuteAsync(CreateRequest(), Ct);
        OperationRequest delete = DeleteRequest("missing@example.com");

        CalendarConnectorException ex = await Assert.ThrowsAsync<CalendarConnectorException>(() => connector.ExecuteAsync(delete, Ct));

        Assert.False(ex.IsTransient);
        Assert.Equal(404, ex.StatusCode);
        Assert.Single(_calendar.Stored());
        Assert.Equal(OperationState.NotFound, (await connector.GetStatusAsync(delete.Token, Ct)).State);
    }
}
