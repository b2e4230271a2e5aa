using System.Text.Json;

namespace OperatorOs.Connectors.Calendar.Tests;

/// <summary>Behaviour of the Calendar connector against a real Radicale server; every test has its own calendar and ledger.</summary>
public sealed partial class CalendarConnectorTests : IDisposable, IClassFixture<RadicaleServer>
{
    private static readonly DateTimeOffset s_now = new(2026, 4, 1, 8, 0, 0, 500, TimeSpan.Zero);

    private readonly TestCalendar _calendar;
    private readonly FixedClock _time = new(s_now);

    public CalendarConnectorTests(RadicaleServer server)
    {
        _calendar = new TestCalendar(server);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _calendar.Dispose();

    private static OperationRequest Request(string capability, string json, string? token = null) =>
        new(capability, TestJson.Parse(json), new OperationToken(token ?? $"test:{Guid.NewGuid():N}"));

    private static OperationRequest CreateRequest(string summary = "Kick-off", string start = "2026-05-04T10:00:00Z", string end = "2026-05-04T11:00:00Z", string? token = null) =>
        Request(CalendarConnector.CreateCapability, JsonSerializer.Serialize(new { summary, start, end }), token);

    private static OperationRequest UpdateRequest(string uid, string changes, string? token = null)
    {
        using JsonDocument document = JsonDocument.Parse(changes);
        var members = document.RootElement.EnumerateObject().Select(p => $"{JsonSerializer.Serialize(p.Name)}: {p.Value.GetRawText()}");
        return Request(CalendarConnector.UpdateCapability, $$"""{ "uid": {{JsonSerializer.Serialize(uid)}}, {{string.Join(", ", members)}} }""", token);
    }

    private static OperationRequest DeleteRequest(string uid, string? token = null) =>
        Request(CalendarConnector.DeleteCapability, $$"""{ "uid": {{JsonSerializer.Serialize(uid)}} }""", token);

    private static OperationRequest RangeRequest(string capability, string from, string to) =>
        Request(capability, $$"""{ "from": "{{from}}", "to": "{{to}}" }""");

    private static void AssertSame(OperationResult? expected, OperationResult? actual)
    {
        Assert.NotNull(expected);
        Assert.NotNull(actual);
        Assert.Equal(expected.Token, actual.Token);
        Assert.Equal(expected.Capability, actual.Capability);
        Assert.Equal(expected.Summary, actual.Summary);
        Assert.Equal(expected.CompletedAt, actual.CompletedAt);
        Assert.True(JsonElement.DeepEquals(expected.Output, actual.Output), $"{expected.Output.GetRawText()} vs {actual.Output.GetRawText()}");
    }

    private static string Uid(OperationResult result) => result.Output.GetProperty("uid").GetString()!;

    /// <summary>An event as another calendar client would store it.</summary>
    private static string ForeignEvent(string uid, string start, string end, string extra = "") => $"""
        BEGIN:VCALENDAR
        VERSION:2.0
        PRODID:-//Another Client//EN
        BEGIN:VEVENT
        UID:{uid}
        DTSTAMP:20260301T090000Z
        DTSTART:{start}
        DTEND:{end}
        SUMMARY:Foreign {uid}
        {extra}
        END:VEVENT
        END:VCALENDAR
        """.Replace("\n\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal);
}
