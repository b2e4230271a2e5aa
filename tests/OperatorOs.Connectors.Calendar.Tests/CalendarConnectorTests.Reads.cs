using System.Text.Json;

namespace OperatorOs.Connectors.Calendar.Tests;

public sealed partial class CalendarConnectorTests
{
    [Fact]
    public async Task List_Range_ReturnsOverlappingEventsInStartOrderWithRecurrencesExpanded()
    {
        CalendarConnector connector = _calendar.Connect();
        await connector.ExecuteAsync(CreateRequest("Second day", "2026-05-05T09:00:00Z", "2026-05-05T10:00:00Z"), Ct);
        await connector.ExecuteAsync(CreateRequest("Before the range", "2026-05-03T09:00:00Z", "2026-05-03T10:00:00Z"), Ct);
        await connector.ExecuteAsync(CreateRequest("Overlaps the start", "2026-05-03T23:30:00Z", "2026-05-04T00:30:00Z"), Ct);
        await connector.ExecuteAsync(CreateRequest("At the end", "2026-05-06T00:00:00Z", "2026-05-06T01:00:00Z"), Ct);
        await _calendar.Server.PutRawAsync(_calendar.Url, "standup.ics", ForeignEvent("standup@example.com", "20260502T073000Z", "20260502T074500Z", "RRULE:FREQ=DAILY;COUNT=4"));

        OperationResult result = await connector.ExecuteAsync(RangeRequest(CalendarConnector.ListCapability, "2026-05-04T00:00:00Z", "2026-05-06T00:00:00Z"), Ct);

        JsonElement[] events = [.. result.Output.GetProperty("events").EnumerateArray()];
        Assert.Equal(
            ["Overlaps the start", "Foreign standup@example.com", "Foreign standup@example.com", "Second day"],
            events.Select(e => e.GetProperty("summary").GetString()));
        Assert.Equal(
            ["2026-05-03T23:30:00Z", "2026-05-04T07:30:00Z", "2026-05-05T07:30:00Z", "2026-05-05T09:00:00Z"],
            events.Select(e => e.GetProperty("start").GetString()));
        Assert.Equal([false, true, true, false], events.Select(e => e.GetProperty("recurring").GetBoolean()));
        Assert.Equal("/" + _calendar.Url.AbsolutePath.Trim('/') + "/standup.ics", events[1].GetProperty("href").GetString());
        Assert.Equal("2026-05-04T00:00:00Z", result.Output.GetProperty("from").GetString());
        Assert.False(result.Output.GetProperty("truncated").GetBoolean());
        Assert.StartsWith("4 events", result.Summary, StringComparison.Ordinal);
        Assert.Equal(OperationState.NotFound, (await connector.GetStatusAsync(result.Token, Ct)).State);
    }

    [Fact]
    public async Task List_MoreEventsThanTheLimit_ReturnsTheFirstAndSaysItCut()
    {
        CalendarConnector connector = _calendar.Connect(o => o.MaxListedEvents = 2);
        for (int hour = 9; hour < 13; hour++)
        {
            await connector.ExecuteAsync(CreateRequest($"At {hour}", $"2026-05-04T{hour:00}:00:00Z", $"2026-05-04T{hour:00}:30:00Z"), Ct);
        }

        OperationResult result = await connector.ExecuteAsync(RangeRequest(CalendarConnector.ListCapability, "2026-05-04T00:00:00Z", "2026-05-05T00:00:00Z"), Ct);

        Assert.Equal(["At 9", "At 10"], result.Output.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("summary").GetString()));
        Assert.True(result.Output.GetProperty("truncated").GetBoolean());
    }

    [Fact]
    public async Task List_CalendarMissing_FailsNotTransientWith404()
    {
        CalendarConnector connector = _calendar.Connect(readOnly: true);

        CalendarConnectorException ex = await Assert.ThrowsAsync<CalendarConnectorException>(
            () => connector.ExecuteAsync(RangeRequest(CalendarConnector.ListCapability, "2026-05-04T00:00:00Z", "2026-05-05T00:00:00Z"), Ct));

        Assert.False(ex.IsTransient);
        Assert.Equal(404, ex.StatusCode);
        Assert.Contains($"{_calendar.Url.AbsolutePath} does not exist", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FreeBusy_ServerWithoutFreeBusyQuery_ComputesMergedBusyTimeSkippingTransparentAndCancelled()
    {
        CalendarConnector connector = _calendar.Connect();
        await connector.ExecuteAsync(CreateRequest("A", "2026-05-04T09:00:00Z", "2026-05-04T10:00:00Z"), Ct);
        await connector.ExecuteAsync(CreateRequest("B overlaps A", "2026-05-04T09:30:00Z", "2026-05-04T11:00:00Z"), Ct);
        await connector.ExecuteAsync(CreateRequest("C touches B", "2026-05-04T11:00:00Z", "2026-05-04T11:15:00Z"), Ct);
        await connector.ExecuteAsync(CreateRequest("D runs past the range", "2026-05-04T16:00:00Z", "2026-05-04T18:00:00Z"), Ct);
        await _calendar.Server.PutRawAsync(_calendar.Url, "transparent.ics", ForeignEvent("free@example.com", "20260504T120000Z", "20260504T130000Z", "TRANSP:TRANSPARENT"));
        await _calendar.Server.PutRawAsync(_calendar.Url, "cancelled.ics", ForeignEvent("off@example.com", "20260504T140000Z", "20260504T150000Z", "STATUS:CANCELLED"));

        OperationResult result = await connector.ExecuteAsync(RangeRequest(CalendarConnector.FreeBusyCapability, "2026-05-04T08:00:00+00:00", "2026-05-04T17:00:00Z"), Ct);

        Assert.Equal(
            ["2026-05-04T09:00:00Z/2026-05-04T11:15:00Z", "2026-05-04T16:00:00Z/2026-05-04T17:00:00Z"],
            result.Output.GetProperty("busy").EnumerateArray().Select(b => $"{b.GetProperty("start")}/{b.GetProperty("end")}"));
        Assert.Equal("calendar-query", result.Output.GetProperty("source").GetString());
        Assert.DoesNotContain("\"summary\"", result.Output.GetRawText(), StringComparison.Ordinal);
    }
}
