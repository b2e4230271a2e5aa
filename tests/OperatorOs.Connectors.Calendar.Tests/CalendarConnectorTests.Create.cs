using System.Text.Json;

namespace OperatorOs.Connectors.Calendar.Tests;

public sealed partial class CalendarConnectorTests
{
    [Fact]
    public async Task Create_InTimeZone_StoresVEventWithTzidVTimeZoneAttendeesOrganizerAndTokenDerivedUid()
    {
        CalendarConnector connector = _calendar.Connect(time: _time);
        OperationRequest request = Request(CalendarConnector.CreateCapability, """
            { "summary": "Kick-off; with Acme, Inc.", "start": "2026-05-04T10:00:00", "end": "2026-05-04T11:30:00", "timeZone": "Europe/Berlin",
              "description": "Agenda:\nscope\nbudget", "location": "Room 1",
              "attendees": ["Ada Lovelace <ada@example.com>", "bob@example.org"], "organizer": "Operator <operator@example.com>" }
            """);

        OperationResult result = await connector.ExecuteAsync(request, Ct);

        string uid = TestCalendar.UidOf(request.Token);
        string stored = Assert.Single(_calendar.Stored());
        string[] lines = stored.Split("\r\n");
        Assert.Contains($"UID:{uid}", lines);
        Assert.Contains("DTSTART;TZID=Europe/Berlin:20260504T100000", lines);
        Assert.Contains("DTEND;TZID=Europe/Berlin:20260504T113000", lines);
        Assert.Contains("BEGIN:VTIMEZONE", lines);
        Assert.Contains("TZID:Europe/Berlin", lines);
        Assert.Contains(@"SUMMARY:Kick-off\; with Acme\, Inc.", lines);
        Assert.Contains("DTSTAMP:20260401T080000Z", lines);
        Assert.Contains("SEQUENCE:0", lines);
        Assert.Contains($"X-OPERATOROS-TOKEN:{request.Token.Value}", lines);
        Assert.Contains(lines, l => l.StartsWith("ORGANIZER", StringComparison.Ordinal) && l.EndsWith("mailto:operator@example.com", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("ATTENDEE", StringComparison.Ordinal) && l.Contains("CN=Ada Lovelace", StringComparison.Ordinal) && l.EndsWith("mailto:ada@example.com", StringComparison.Ordinal));

        JsonElement output = result.Output;
        Assert.Equal(uid, output.GetProperty("uid").GetString());
        Assert.Equal($"{_calendar.Url.AbsolutePath}{uid.Split('@')[0]}.ics", output.GetProperty("href").GetString());
        Assert.Equal("Kick-off; with Acme, Inc.", output.GetProperty("summary").GetString());
        Assert.Equal("Agenda:\nscope\nbudget", output.GetProperty("description").GetString());
        Assert.Equal("2026-05-04T10:00:00+02:00", output.GetProperty("start").GetString());
        Assert.Equal("2026-05-04T11:30:00+02:00", output.GetProperty("end").GetString());
        Assert.Equal("Europe/Berlin", output.GetProperty("timeZone").GetString());
        Assert.Equal("operator@example.com", output.GetProperty("organizer").GetProperty("email").GetString());
        Assert.Equal(
            ["ada@example.com|Ada Lovelace|NEEDS-ACTION", "bob@example.org||NEEDS-ACTION"],
            output.GetProperty("attendees").EnumerateArray().Select(a => $"{a.GetProperty("email")}|{(a.TryGetProperty("name", out JsonElement n) ? n.GetString() : null)}|{a.GetProperty("status")}"));
        Assert.Equal(0, output.GetProperty("sequence").GetInt32());
        Assert.Equal(new DateTimeOffset(2026, 4, 1, 8, 0, 0, TimeSpan.Zero), result.CompletedAt);
        Assert.Contains("Kick-off; with Acme, Inc.", result.Summary, StringComparison.Ordinal);
        Assert.Contains("with 2 attendees", result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_TimesWithOffsets_StoresUtcWithoutTimeZone()
    {
        CalendarConnector connector = _calendar.Connect();

        OperationResult result = await connector.ExecuteAsync(CreateRequest(start: "2026-05-04T10:00:00+02:00", end: "2026-05-04T10:45:00+02:00"), Ct);

        string[] lines = Assert.Single(_calendar.Stored()).Split("\r\n");
        Assert.Contains("DTSTART:20260504T080000Z", lines);
        Assert.Contains("DTEND:20260504T084500Z", lines);
        Assert.DoesNotContain("BEGIN:VTIMEZONE", lines);
        Assert.Equal("2026-05-04T08:00:00Z", result.Output.GetProperty("start").GetString());
        Assert.False(result.Output.TryGetProperty("timeZone", out _));
    }

    [Fact]
    public async Task Create_FirstWrite_CreatesTheCalendarCollectionOnce()
    {
        var handler = new InterceptingHandler();
        CalendarConnector connector = _calendar.Connect(handler: handler);

        await connector.ExecuteAsync(CreateRequest(), Ct);
        await connector.ExecuteAsync(CreateRequest(), Ct);

        Assert.Equal(
            ["PROPFIND", "MKCALENDAR", "PUT", "PUT"],
            handler.Requests.Select(r => r.Split(' ')[0]));
        Assert.All(handler.Requests.Where(r => r.StartsWith("PUT", StringComparison.Ordinal)), r => Assert.EndsWith("If-None-Match:*", r, StringComparison.Ordinal));
        Assert.Equal(2, _calendar.Stored().Count);
    }

    [Fact]
    public async Task Create_CalendarMissingAndCreationDisabled_FailsNotTransientWithoutCreatingIt()
    {
        var handler = new InterceptingHandler();
        CalendarConnector connector = _calendar.Connect(o => o.CreateCalendarIfMissing = false, handler);

        CalendarConnectorException ex = await Assert.ThrowsAsync<CalendarConnectorException>(() => connector.ExecuteAsync(CreateRequest(), Ct));

        Assert.False(ex.IsTransient);
        Assert.Equal(404, ex.StatusCode);
        Assert.Contains("does not exist", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(handler.Requests, r => r.StartsWith("MKCALENDAR", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_ResponseLostAndPutRetried_IfNoneMatchGets412AndReturnsTheOneEvent()
    {
        var handler = new InterceptingHandler { LoseResponseWhen = r => r.Method == HttpMethod.Put };
        CalendarConnector connector = _calendar.Connect(handler: handler);
        OperationRequest request = CreateRequest();

        OperationResult result = await connector.ExecuteAsync(request, Ct);

        Assert.Equal(1, handler.Lost);
        Assert.Equal(2, handler.Requests.Count(r => r.StartsWith("PUT", StringComparison.Ordinal) && r.EndsWith("If-None-Match:*", StringComparison.Ordinal)));
        Assert.Equal(1, _calendar.CountEffects(request.Token));
        Assert.Equal(TestCalendar.UidOf(request.Token), Uid(result));
        Assert.Equal(OperationState.Completed, (await connector.GetStatusAsync(request.Token, Ct)).State);
    }

    [Fact]
    public async Task Create_EventAtTheDerivedUidMadeUnderAnotherToken_FailsNotTransientAndLeavesItAlone()
    {
        CalendarConnector connector = _calendar.Connect();
        OperationRequest request = CreateRequest();
        string uid = TestCalendar.UidOf(request.Token);
        await _calendar.Server.MakeCalendarAsync(_calendar.Url);
        await _calendar.Server.PutRawAsync(_calendar.Url, uid.Split('@')[0] + ".ics", ForeignEvent(uid, "20260504T080000Z", "20260504T090000Z", "X-OPERATOROS-TOKEN:someone-else"));

        CalendarConnectorException ex = await Assert.ThrowsAsync<CalendarConnectorException>(() => connector.ExecuteAsync(request, Ct));

        Assert.False(ex.IsTransient);
        Assert.Contains("another token", ex.Message, StringComparison.Ordinal);
        Assert.Contains("SUMMARY:Foreign", Assert.Single(_calendar.Stored()), StringComparison.Ordinal);
        Assert.Equal(OperationState.NotFound, (await connector.GetStatusAsync(request.Token, Ct)).State);
    }

    [Fact]
    public async Task ExecuteAsync_TokenOfACreateReusedForAnUpdate_FailsNotTransient()
    {
        CalendarConnector connector = _calendar.Connect();
        OperationRequest create = CreateRequest();
        OperationResult created = await connector.ExecuteAsync(create, Ct);

        ConnectorException ex = await Assert.ThrowsAsync<ConnectorException>(() => connector.ExecuteAsync(UpdateRequest(Uid(created), """{ "summary": "Other" }""", create.Token.Value), Ct));

        Assert.False(ex.IsTransient);
        Assert.Contains("calendar.create", ex.Message, StringComparison.Ordinal);
        Assert.Contains("SEQUENCE:0", Assert.Single(_calendar.Stored()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_ManyConcurrentlyWithoutRetries_NoneFailsOnAConnectionTheServerClosed()
    {
        // Radicale answers in HTTP/1.0 and closes each connection; a pooled connection reused before the close arrived made
        // about one PUT in ten fail with "response ended prematurely". The connector opens a connection per request.
        CalendarConnector connector = _calendar.Connect(o => o.MaxRetryAttempts = 0);
        await connector.ExecuteAsync(CreateRequest(), Ct);

        await Parallel.ForAsync(0, 4, Ct, async (stream, ct) =>
        {
            for (int i = 0; i < 15; i++)
            {
                await connector.ExecuteAsync(CreateRequest($"Stream {stream} #{i}"), ct);
            }
        });

        Assert.Equal(61, _calendar.Stored().Count);
    }
}
