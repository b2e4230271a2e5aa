using Microsoft.Extensions.Time.Testing;
using Reply = OperatorOs.Connectors.Calendar.Tests.ScriptedDavServer.Reply;

namespace OperatorOs.Connectors.Calendar.Tests;

/// <summary>Which requests the connector retries, and how long it waits: scripted failures on a tiny server.</summary>
public sealed class RetryTests
{
    private const string EmptyMultistatus = "<multistatus xmlns=\"DAV:\"/>";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task List_503WithRetryAfter_WaitsWhatTheServerAskedThenSucceeds()
    {
        int reports = 0;
        await using var server = new ScriptedDavServer(_ => Interlocked.Increment(ref reports) == 1
            ? new Reply(503, "busy", "text/plain", [("Retry-After", "120")])
            : Reply.Multistatus(EmptyMultistatus));
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 4, 1, 8, 0, 0, TimeSpan.Zero));
        var logger = new RecordingLogger();
        using CalendarConnector connector = MalformedServerTests.Connect(server, time: time, configure: o => o.MaxRetryAfter = TimeSpan.FromMinutes(5), logger: logger);

        Task<OperationResult> list = connector.ExecuteAsync(MalformedServerTests.List(), Ct);
        await WaitUntilAsync(() => logger.Messages.Any(m => m.Contains("Retrying REPORT /cal/ in 00:02:00 (attempt 1): status 503", StringComparison.Ordinal)));
        await Task.Delay(100, Ct); // the retry's timer starts right after it is logged
        time.Advance(TimeSpan.FromSeconds(119));
        await Task.Delay(200, Ct);
        int beforeTheWaitEnded = server.Count("REPORT");
        time.Advance(TimeSpan.FromSeconds(1));
        OperationResult result = await list.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.Equal(1, beforeTheWaitEnded);
        Assert.Equal(2, server.Count("REPORT"));
        Assert.Empty(result.Output.GetProperty("events").EnumerateArray());
    }

    [Fact]
    public async Task List_RetryAfterLongerThanTheMaximum_FailsAtOnceAsTransient()
    {
        await using var server = new ScriptedDavServer(_ => new Reply(429, "slow down", "text/plain", [("Retry-After", "3600")]));
        using CalendarConnector connector = MalformedServerTests.Connect(server);

        CalendarConnectorException ex = await Assert.ThrowsAsync<CalendarConnectorException>(() => connector.ExecuteAsync(MalformedServerTests.List(), Ct));

        Assert.True(ex.IsTransient);
        Assert.Equal(429, ex.StatusCode);
        Assert.Contains("slow down", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, server.Count("REPORT"));
    }

    [Fact]
    public async Task List_ServerErrors_AreRetriedUpToTheLimit()
    {
        await using var server = new ScriptedDavServer(_ => new Reply(500, "oops", "text/plain"));
        using CalendarConnector connector = MalformedServerTests.Connect(server, configure: o => o.MaxRetryAttempts = 2);

        CalendarConnectorException ex = await Assert.ThrowsAsync<CalendarConnectorException>(() => connector.ExecuteAsync(MalformedServerTests.List(), Ct));

        Assert.True(ex.IsTransient);
        Assert.Equal(3, server.Count("REPORT"));
    }

    [Fact]
    public async Task Create_MkCalendarFailsWith503_IsNotRetried()
    {
        await using var server = new ScriptedDavServer(r => r.Method switch
        {
            "PROPFIND" => new Reply(404, "missing"),
            _ => new Reply(503, "maintenance"),
        });
        using var temp = new TempDirectory();
        using CalendarConnector connector = MalformedServerTests.Connect(server, ledger: temp.Combine("ledger.db"));

        CalendarConnectorException ex = await Assert.ThrowsAsync<CalendarConnectorException>(() => connector.ExecuteAsync(MalformedServerTests.Create(), Ct));

        Assert.True(ex.IsTransient);
        Assert.Contains("MKCALENDAR /cal/ -> 503", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, server.Count("MKCALENDAR"));
        Assert.Equal(0, server.Count("PUT"));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task Create_PutFailsWith502_IsRetriedBecauseIfNoneMatchMakesItSafe()
    {
        int puts = 0;
        await using var server = new ScriptedDavServer(r => r.Method switch
        {
            "PROPFIND" => Reply.CalendarCollection(),
            "PUT" when Interlocked.Increment(ref puts) == 1 => new Reply(502, "bad gateway"),
            "PUT" => new Reply(201, string.Empty, Headers: [("ETag", "\"e1\"")]),
            _ => new Reply(500, "unexpected"),
        });
        using var temp = new TempDirectory();
        using CalendarConnector connector = MalformedServerTests.Connect(server, ledger: temp.Combine("ledger.db"));

        OperationResult result = await connector.ExecuteAsync(MalformedServerTests.Create(), Ct);

        Assert.Equal("S", result.Output.GetProperty("summary").GetString());
        Assert.Equal(2, server.Count("PUT"));
        Assert.All(server.Requests.Where(r => r.Method == "PUT"), r => Assert.Equal("*", r.IfNoneMatch));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task List_Unauthorized_IsNotRetriedAndCarriesTheCredentialsOnlyInTheHeader()
    {
        await using var server = new ScriptedDavServer(_ => new Reply(401, "denied for scripted-secret", "text/plain"));
        using CalendarConnector connector = MalformedServerTests.Connect(server);

        CalendarConnectorException ex = await Assert.ThrowsAsync<CalendarConnectorException>(() => connector.ExecuteAsync(MalformedServerTests.List(), Ct));

        Assert.False(ex.IsTransient);
        Assert.Equal(1, server.Count("REPORT"));
        Assert.Equal("Basic YWxpY2U6c2NyaXB0ZWQtc2VjcmV0", Assert.Single(server.Requests).Authorization);
        Assert.DoesNotContain("scripted-secret", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_ErrorBodyEchoesThePassword_ExcerptIsRedacted()
    {
        await using var server = new ScriptedDavServer(_ => new Reply(400, "bad request from alice:scripted-secret (YWxpY2U6c2NyaXB0ZWQtc2VjcmV0)", "text/plain"));
        using CalendarConnector connector = MalformedServerTests.Connect(server);

        CalendarConnectorException ex = await Assert.ThrowsAsync<CalendarConnectorException>(() => connector.ExecuteAsync(MalformedServerTests.List(), Ct));

        Assert.Contains("bad request from alice:*** (***)", ex.Message, StringComparison.Ordinal);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (int i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25, Ct);
        }

        Assert.True(condition(), "The condition did not become true within 5 s.");
    }
}
