using Reply = OperatorOs.Connectors.Calendar.Tests.ScriptedDavServer.Reply;

namespace OperatorOs.Connectors.Calendar.Tests;

/// <summary>What the connector does with answers a real CalDAV server should never give: a tiny scripted server returns them.</summary>
public sealed class MalformedServerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task List_BodyIsNotXml_FailsNotTransientNamingTheRequestAndTheXmlError()
    {
        await using var server = new ScriptedDavServer(_ => Reply.Multistatus("<multistatus xmlns=\"DAV:\"><response><href>/cal/a.ics</href>"));
        using CalendarConnector connector = Connect(server);

        CalendarConnectorException ex = await Assert.ThrowsAsync<CalendarConnectorException>(() => connector.ExecuteAsync(List(), Ct));

        Assert.False(ex.IsTransient);
        Assert.Contains("REPORT /cal/ -> 207", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not well-formed XML", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Line 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_MultistatusWithCalendarDataThatIsNotICalendar_FailsNamingTheResource()
    {
        await using var server = new ScriptedDavServer(_ => Reply.Multistatus("""
            <?xml version="1.0"?>
            <d:multistatus xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">
              <d:response><d:href>/cal/broken.ics</d:href><d:propstat><d:prop><d:getetag>"1"</d:getetag><c:calendar-data>this is not a calendar</c:calendar-data></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>
            </d:multistatus>
            """));
        using CalendarConnector connector = Connect(server);

        CalendarConnectorException ex = await Assert.ThrowsAsync<CalendarConnectorException>(() => connector.ExecuteAsync(List(), Ct));

        Assert.False(ex.IsTransient);
        Assert.Contains("not valid iCalendar", ex.Message, StringComparison.Ordinal);
        Assert.Contains("(in /cal/broken.ics)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_EventWithUnknownTimeZone_FailsNamingTheEvent()
    {
        const string ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:mars@example.com\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;TZID=Mars/Olympus:20260504T100000\r\nDTEND;TZID=Mars/Olympus:20260504T110000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        await using var server = new ScriptedDavServer(_ => Reply.Multistatus($"""
            <d:multistatus xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">
              <d:response><d:href>/cal/mars.ics</d:href><d:propstat><d:prop><c:calendar-data>{ics}</c:calendar-data></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>
            </d:multistatus>
            """));
        using CalendarConnector connector = Connect(server);

        CalendarConnectorException ex = await Assert.ThrowsAsync<CalendarConnectorException>(() => connector.ExecuteAsync(List(), Ct));

        Assert.Contains("mars@example.com", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Mars/Olympus", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_HtmlPageWithStatus207_FailsSayingItIsNotAMultistatus()
    {
        await using var server = new ScriptedDavServer(_ => new Reply(207, "<html><body>Login</body></html>", "text/html"));
        using CalendarConnector connector = Connect(server);

        CalendarConnectorException ex = await Assert.ThrowsAsync<CalendarConnectorException>(() => connector.ExecuteAsync(List(), Ct));

        Assert.Contains("expected a DAV:multistatus document, found <html>", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_HtmlPageWithStatus200_FailsSayingAMultistatusWasExpected()
    {
        await using var server = new ScriptedDavServer(_ => new Reply(200, "<html>proxy login</html>", "text/html"));
        using CalendarConnector connector = Connect(server);

        CalendarConnectorException ex = await Assert.ThrowsAsync<CalendarConnectorException>(() => connector.ExecuteAsync(List(), Ct));

        Assert.False(ex.IsTransient);
        Assert.Contains("'text/html' where a 207 multistatus was expected", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_XmlWithDoctype_IsRefusedWithoutExpandingEntities()
    {
        await using var server = new ScriptedDavServer(_ => Reply.Multistatus("""
            <?xml version="1.0"?>
            <!DOCTYPE multistatus [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
            <multistatus xmlns="DAV:"><response><href>&secret;</href></response></multistatus>
            """));
        using CalendarConnector connector = Connect(server);

        CalendarConnectorException ex = await Assert.ThrowsAsync<CalendarConnectorException>(() => connector.ExecuteAsync(List(), Ct));

        Assert.Contains("DTD", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStatusAsync_ResourceIsGarbage_FailsNamingTheGet()
    {
        await using var server = new ScriptedDavServer(_ => Reply.Calendar("garbage"));
        using CalendarConnector connector = Connect(server, readOnly: true);
        var token = new OperationToken("status:garbage");

        CalendarConnectorException ex = await Assert.ThrowsAsync<CalendarConnectorException>(() => connector.GetStatusAsync(token, Ct));

        Assert.False(ex.IsTransient);
        Assert.Matches("GET /cal/[0-9a-f]{40}\\.ics -> 200 answered with calendar data that is not valid iCalendar", ex.Message);
    }

    [Fact]
    public async Task Create_PropfindAnswersWithAPlainCollection_FailsSayingItIsNotACalendar()
    {
        await using var server = new ScriptedDavServer(_ => Reply.Multistatus("""
            <d:multistatus xmlns:d="DAV:"><d:response><d:href>/cal/</d:href><d:propstat><d:prop><d:resourcetype><d:collection/></d:resourcetype></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>
            """));
        using var temp = new TempDirectory();
        using CalendarConnector connector = Connect(server, ledger: temp.Combine("ledger.db"));

        CalendarConnectorException ex = await Assert.ThrowsAsync<CalendarConnectorException>(() => connector.ExecuteAsync(Create(), Ct));

        Assert.Contains("PROPFIND /cal/", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not a calendar collection", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.Count("PUT"));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task FreeBusy_ServerAnswersFreeBusyQuery_UsesItsBusyPeriods()
    {
        await using var server = new ScriptedDavServer(r => r.Body.Contains("free-busy-query", StringComparison.Ordinal)
            ? new Reply(200, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VFREEBUSY\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260504T000000Z\r\nDTEND:20260505T000000Z\r\n"
                + "FREEBUSY:20260504T090000Z/20260504T100000Z,20260504T093000Z/PT1H\r\nFREEBUSY;FBTYPE=FREE:20260504T120000Z/20260504T130000Z\r\n"
                + "FREEBUSY;FBTYPE=BUSY-TENTATIVE:20260504T1400\r\n 00Z/20260504T150000Z\r\nEND:VFREEBUSY\r\nEND:VCALENDAR\r\n", "text/calendar")
            : new Reply(500, "unexpected"));
        using CalendarConnector connector = Connect(server);

        OperationResult result = await connector.ExecuteAsync(Range(CalendarConnector.FreeBusyCapability), Ct);

        Assert.Equal(
            ["2026-05-04T09:00:00Z/2026-05-04T10:30:00Z", "2026-05-04T14:00:00Z/2026-05-04T15:00:00Z"],
            result.Output.GetProperty("busy").EnumerateArray().Select(b => $"{b.GetProperty("start")}/{b.GetProperty("end")}"));
        Assert.Equal("free-busy-query", result.Output.GetProperty("source").GetString());
        Assert.Equal(1, server.Count("REPORT"));
    }

    [Fact]
    public async Task FreeBusy_MalformedVFreeBusy_FailsNotTransient()
    {
        await using var server = new ScriptedDavServer(_ => new Reply(200, "BEGIN:VCALENDAR\r\nBEGIN:VFREEBUSY\r\nFREEBUSY:yesterday/tomorrow\r\nEND:VFREEBUSY\r\nEND:VCALENDAR\r\n", "text/calendar"));
        using CalendarConnector connector = Connect(server);

        CalendarConnectorException ex = await Assert.ThrowsAsync<CalendarConnectorException>(() => connector.ExecuteAsync(Range(CalendarConnector.FreeBusyCapability), Ct));

        Assert.False(ex.IsTransient);
        Assert.Contains("'yesterday'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_ServerHangs_CancellationStopsTheRequest()
    {
        await using var server = new ScriptedDavServer(_ => new Reply(207, "<multistatus xmlns=\"DAV:\"/>", "application/xml", Delay: TimeSpan.FromSeconds(30)));
        using CalendarConnector connector = Connect(server);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cancellation.CancelAfter(TimeSpan.FromMilliseconds(200));

        Task<OperationResult> list = connector.ExecuteAsync(List(), cancellation.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => list);
        Assert.Equal(1, server.Count("REPORT"));
    }

    internal static CalendarConnector Connect(ScriptedDavServer server, bool readOnly = false, string? ledger = null, TimeProvider? time = null, Action<CalendarConnectorOptions>? configure = null, Microsoft.Extensions.Logging.ILogger? logger = null)
    {
        var options = new CalendarConnectorOptions
        {
            CalendarUrl = server.CalendarUrl,
            Username = "alice",
            Password = "scripted-secret",
            ReadOnly = readOnly || ledger is null,
            LedgerPath = ledger,
            RetryDelay = TimeSpan.FromMilliseconds(1),
            Timeout = TimeSpan.FromSeconds(10),
        };
        configure?.Invoke(options);
        return new CalendarConnector(options, time, logger, null);
    }

    internal static OperationRequest List() => Range(CalendarConnector.ListCapability);

    internal static OperationRequest Range(string capability) =>
        new(capability, TestJson.Parse("""{ "from": "2026-05-04T00:00:00Z", "to": "2026-05-05T00:00:00Z" }"""), new OperationToken($"read:{Guid.NewGuid():N}"));

    internal static OperationRequest Create() =>
        new(CalendarConnector.CreateCapability, TestJson.Parse("""{ "summary": "S", "start": "2026-05-04T08:00:00Z", "end": "2026-05-04T09:00:00Z" }"""), new OperationToken($"create:{Guid.NewGuid():N}"));
}
