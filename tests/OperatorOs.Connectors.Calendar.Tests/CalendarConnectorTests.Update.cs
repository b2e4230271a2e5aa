using System.Text.Json;

namespace OperatorOs.Connectors.Calendar.Tests;

public sealed partial class CalendarConnectorTests
{
    [Fact]
    public async Task Update_ForeignEvent_ChangesFieldsBumpsSequenceAndKeepsStayingAttendeesStatus()
    {
        await _calendar.Server.MakeCalendarAsync(_calendar.Url);
        await _calendar.Server.PutRawAsync(_calendar.Url, "from-another-client.ics", ForeignEvent(
            "meeting-42@example.com",
            "20260504T080000Z",
            "20260504T090000Z",
            "ORGANIZER:mailto:operator@example.com\r\nATTENDEE;PARTSTAT=ACCEPTED;CN=Ada:mailto:ada@example.com\r\nATTENDEE;PARTSTAT=DECLINED:mailto:bob@example.com\r\nSEQUENCE:3"));
        CalendarConnector connector = _calendar.Connect(time: _time);

        OperationResult result = await connector.ExecuteAsync(
            UpdateRequest("meeting-42@example.com", """
                { "summary": "Moved", "start": "2026-05-05T09:00:00", "end": "2026-05-05T10:00:00", "timeZone": "America/New_York",
                  "attendees": ["ada@example.com", "Carol <carol@example.com>"], "location": "Call" }
                """),
            Ct);

        string[] lines = Assert.Single(_calendar.Stored()).Split("\r\n");
        Assert.Contains("SUMMARY:Moved", lines);
        Assert.Contains("SEQUENCE:4", lines);
        Assert.Contains("DTSTART;TZID=America/New_York:20260505T090000", lines);
        Assert.Contains("TZID:America/New_York", lines);
        Assert.Contains("LAST-MODIFIED:20260401T080000Z", lines);
        Assert.Contains(lines, l => l.StartsWith("ATTENDEE", StringComparison.Ordinal) && l.Contains("PARTSTAT=ACCEPTED", StringComparison.Ordinal) && l.EndsWith("mailto:ada@example.com", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("ATTENDEE", StringComparison.Ordinal) && l.Contains("PARTSTAT=NEEDS-ACTION", StringComparison.Ordinal) && l.EndsWith("mailto:carol@example.com", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("bob@example.com", StringComparison.Ordinal));
        Assert.Equal("/" + _calendar.Url.AbsolutePath.Trim('/') + "/from-another-client.ics", result.Output.GetProperty("href").GetString());
        Assert.Equal("2026-05-05T09:00:00-04:00", result.Output.GetProperty("start").GetString());
        Assert.Equal(4, result.Output.GetProperty("sequence").GetInt32());
        Assert.Equal("Call", result.Output.GetProperty("location").GetString());
        Assert.Equal(new DateTimeOffset(2026, 4, 1, 8, 0, 0, TimeSpan.Zero), result.CompletedAt);
    }

    [Fact]
    public async Task Update_SameTokenTwiceAndOnAnInstanceWithAnotherLedger_AppliesOnce()
    {
        CalendarConnector connector = _calendar.Connect();
        string uid = Uid(await connector.ExecuteAsync(CreateRequest(), Ct));
        OperationRequest update = UpdateRequest(uid, """{ "summary": "Renamed" }""");
        using var otherLedger = new TempDirectory();
        CalendarConnector elsewhere = _calendar.Connect(o => o.LedgerPath = otherLedger.Combine("other.db"));

        OperationResult first = await connector.ExecuteAsync(update, Ct);
        OperationResult second = await connector.ExecuteAsync(update, Ct);
        OperationResult fromServer = await elsewhere.ExecuteAsync(update, Ct);

        AssertSame(first, second);
        Assert.Equal(1, first.Output.GetProperty("sequence").GetInt32());
        Assert.Equal(1, fromServer.Output.GetProperty("sequence").GetInt32());
        string[] lines = Assert.Single(_calendar.Stored()).Split("\r\n");
        Assert.Contains("SEQUENCE:1", lines);
        Assert.Single(lines, l => l == $"X-OPERATOROS-APPLIED:{update.Token.Value}");
    }

    [Fact]
    public async Task Update_AcknowledgementLost_StatusFindsTheAppliedTokenOnTheServerAndRetryDoesNotApplyAgain()
    {
        CalendarConnector connector = _calendar.Connect();
        string uid = Uid(await connector.ExecuteAsync(CreateRequest(), Ct));
        OperationRequest update = UpdateRequest(uid, """{ "summary": "Renamed" }""");
        var handler = new InterceptingHandler { LoseResponseWhen = r => r.Method == HttpMethod.Put, MaxLost = int.MaxValue };
        CalendarConnector crashing = _calendar.Connect(handler: handler);
        await Assert.ThrowsAsync<CalendarConnectorException>(() => crashing.ExecuteAsync(update, Ct));
        CalendarConnector restarted = _calendar.Connect();

        OperationStatus status = await restarted.GetStatusAsync(update.Token, Ct);
        OperationResult retried = await restarted.ExecuteAsync(update, Ct);

        Assert.Equal(OperationState.Completed, status.State);
        Assert.Equal("Renamed", status.Result!.Output.GetProperty("summary").GetString());
        AssertSame(status.Result, retried);
        Assert.Contains("SEQUENCE:1", Assert.Single(_calendar.Stored()).Split("\r\n"));
    }

    [Fact]
    public async Task Update_EventChangedBetweenReadAndWrite_IfMatchFailsAndTheChangeIsAppliedOnTopOfTheOther()
    {
        CalendarConnector connector = _calendar.Connect();
        string uid = Uid(await connector.ExecuteAsync(CreateRequest(), Ct));
        CalendarConnector other = _calendar.Connect();
        bool interfered = false;
        var handler = new InterceptingHandler
        {
            BeforeSend = async request =>
            {
                if (request.Method == HttpMethod.Put && !interfered)
                {
                    interfered = true;
                    await other.ExecuteAsync(UpdateRequest(uid, """{ "summary": "Changed meanwhile" }"""), Ct);
                }
            },
        };
        CalendarConnector racing = _calendar.Connect(handler: handler);

        OperationResult result = await racing.ExecuteAsync(UpdateRequest(uid, """{ "location": "Room 2" }"""), Ct);

        Assert.Equal(2, handler.Requests.Count(r => r.StartsWith("PUT", StringComparison.Ordinal) && r.Contains("If-Match:", StringComparison.Ordinal)));
        Assert.Equal("Changed meanwhile", result.Output.GetProperty("summary").GetString());
        Assert.Equal("Room 2", result.Output.GetProperty("location").GetString());
        Assert.Equal(2, result.Output.GetProperty("sequence").GetInt32());
        Assert.Contains("SEQUENCE:2", Assert.Single(_calendar.Stored()).Split("\r\n"));
    }

    [Fact]
    public async Task Update_ClearingDescription_RemovesIt()
    {
        CalendarConnector connector = _calendar.Connect();
        OperationResult created = await connector.ExecuteAsync(
            Request(CalendarConnector.CreateCapability, """{ "summary": "S", "start": "2026-05-04T08:00:00Z", "end": "2026-05-04T09:00:00Z", "description": "old" }"""),
            Ct);

        OperationResult updated = await connector.ExecuteAsync(UpdateRequest(Uid(created), """{ "description": "" }"""), Ct);

        Assert.Equal("old", created.Output.GetProperty("description").GetString());
        Assert.False(updated.Output.TryGetProperty("description", out _));
        Assert.DoesNotContain("DESCRIPTION", Assert.Single(_calendar.Stored()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_UnknownUid_FailsNotTransientWith404AndStaysNotFound()
    {
        CalendarConnector connector = _calendar.Connect();
        await connector.ExecuteAsync(CreateRequest(), Ct);
        OperationRequest update = UpdateRequest("no-such-event@example.com", """{ "summary": "X" }""");

        CalendarConnectorException ex = await Assert.ThrowsAsync<CalendarConnectorException>(() => connector.ExecuteAsync(update, Ct));

        Assert.False(ex.IsTransient);
        Assert.Equal(404, ex.StatusCode);
        Assert.Contains("no-such-event@example.com", ex.Message, StringComparison.Ordinal);
        Assert.Equal(OperationState.NotFound, (await connector.GetStatusAsync(update.Token, Ct)).State);
    }
}
