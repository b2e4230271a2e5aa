using System.Text.Json;

namespace OperatorOs.Connectors.Calendar.Tests;

/// <summary>Bad arguments fail with <see cref="ConnectorArgumentException"/> naming the member, before any request is sent.</summary>
public sealed class ArgumentValidationTests : IDisposable
{
    private const string Create = CalendarConnector.CreateCapability;
    private const string Update = CalendarConnector.UpdateCapability;
    private const string Delete = CalendarConnector.DeleteCapability;
    private const string List = CalendarConnector.ListCapability;
    private const string FreeBusy = CalendarConnector.FreeBusyCapability;

    private readonly TempDirectory _temp = new();
    private readonly InterceptingHandler _handler = new();
    private readonly CalendarConnector _connector;

    public ArgumentValidationTests()
    {
        // Nothing listens on port 9 (discard); the handler records any request, and none may be sent.
        _connector = new CalendarConnector(
            new CalendarConnectorOptions { CalendarUrl = new Uri("http://127.0.0.1:9/cal/"), LedgerPath = _temp.Combine("ledger.db") },
            null,
            null,
            _handler);
    }

    public static TheoryData<string, string, string, string> Cases => new()
    {
        { Create, """{ "start": "2026-05-04T10:00:00Z", "end": "2026-05-04T11:00:00Z" }""", "$.summary", "required" },
        { Create, """{ "summary": "  ", "start": "2026-05-04T10:00:00Z", "end": "2026-05-04T11:00:00Z" }""", "$.summary", "non-blank" },
        { Create, """{ "summary": 42, "start": "2026-05-04T10:00:00Z", "end": "2026-05-04T11:00:00Z" }""", "$.summary", "must be a string" },
        { Create, """{ "summary": "S", "start": "next Monday", "end": "2026-05-04T11:00:00Z" }""", "$.start", "not an ISO 8601 date-time" },
        { Create, """{ "summary": "S", "start": "2026-05-04T10:00:00.5Z", "end": "2026-05-04T11:00:00Z" }""", "$.start", "whole seconds" },
        { Create, """{ "summary": "S", "start": "2026-05-04T10:00:00", "end": "2026-05-04T11:00:00" }""", "$.start", "has no offset" },
        { Create, """{ "summary": "S", "start": "2026-05-04T10:00:00Z", "end": "2026-05-04T10:00:00Z" }""", "$.end", "end must be after start" },
        { Create, """{ "summary": "S", "start": "2026-05-04T10:00:00Z", "end": "2027-06-04T10:00:00Z" }""", "$.end", "at most 366 days" },
        { Create, """{ "summary": "S", "start": "2026-05-04T10:00:00", "end": "2026-05-04T11:00:00", "timeZone": "Europe/Atlantis" }""", "$.timeZone", "not a known time zone" },
        { Create, """{ "summary": "S", "start": "2026-03-29T02:30:00", "end": "2026-03-29T04:00:00", "timeZone": "Europe/Berlin" }""", "$.start", "does not exist in Europe/Berlin" },
        { Create, """{ "summary": "S", "start": "2026-10-25T02:30:00", "end": "2026-10-25T04:00:00", "timeZone": "Europe/Berlin" }""", "$.start", "occurs twice" },
        { Create, """{ "summary": "S", "start": "2026-05-04T10:00:00Z", "end": "2026-05-04T11:00:00Z", "attendees": "ada@example.com" }""", "$.attendees", "must be an array" },
        { Create, """{ "summary": "S", "start": "2026-05-04T10:00:00Z", "end": "2026-05-04T11:00:00Z", "attendees": ["ada@example.com", "not an address"], "organizer": "o@example.com" }""", "$.attendees[1]", "not an email address" },
        { Create, """{ "summary": "S", "start": "2026-05-04T10:00:00Z", "end": "2026-05-04T11:00:00Z", "attendees": ["ada@example.com", "ADA@example.com"], "organizer": "o@example.com" }""", "$.attendees[1]", "listed twice" },
        { Create, """{ "summary": "S", "start": "2026-05-04T10:00:00Z", "end": "2026-05-04T11:00:00Z", "attendees": ["ada@example.com"] }""", "$.organizer", "needs an organizer" },
        { Create, """{ "summary": "S", "start": "2026-05-04T10:00:00Z", "end": "2026-05-04T11:00:00Z", "organizer": "ops@localhost" }""", "$.organizer", "not an email address" },
        { Create, """{ "summary": "S", "start": "2026-05-04T10:00:00Z", "end": "2026-05-04T11:00:00Z", "colour": "red" }""", "$.colour", "not an argument" },
        { Update, """{ "summary": "S" }""", "$.uid", "required" },
        { Update, """{ "uid": "e@example.com" }""", "$", "nothing to change" },
        { Update, """{ "uid": "e@example.com", "start": "2026-05-04T10:00:00Z" }""", "$.end", "together" },
        { Update, """{ "uid": "e@example.com", "timeZone": "Europe/Berlin", "summary": "S" }""", "$.timeZone", "give them too" },
        { Update, """{ "uid": "e@example.com", "summary": "" }""", "$.summary", "must not be blank" },
        { Update, """{ "uid": " e@example.com", "summary": "S" }""", "$.uid", "leading or trailing" },
        { Delete, """{ "uid": "" }""", "$.uid", "required" },
        { Delete, """{ "uid": "e@example.com", "force": true }""", "$.force", "not an argument" },
        { List, """{ "from": "2026-05-04T00:00:00Z" }""", "$.to", "required" },
        { List, """{ "from": "2026-05-04T00:00:00Z", "to": "2026-05-03T00:00:00Z" }""", "$.to", "after from" },
        { FreeBusy, """{ "from": "2026-01-01T00:00:00Z", "to": "2027-06-01T00:00:00Z" }""", "$.to", "at most 366 days" },
        { FreeBusy, """{ "from": "2026-05-04T00:00:00", "to": "2026-05-05T00:00:00", "timeZone": "Nowhere/City" }""", "$.timeZone", "not a known time zone" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ExecuteAsync_BadArguments_ThrowsNamingTheMemberAndSendsNothing(string capability, string json, string path, string problem)
    {
        var request = new OperationRequest(capability, TestJson.Parse(json), new OperationToken($"bad:{Guid.NewGuid():N}"));

        ConnectorArgumentException ex = await Assert.ThrowsAsync<ConnectorArgumentException>(() => _connector.ExecuteAsync(request, TestContext.Current.CancellationToken));

        Assert.Equal(capability, ex.Capability);
        Assert.Equal(path, ex.Path);
        Assert.Contains(problem, ex.Problem, StringComparison.Ordinal);
        Assert.Empty(_handler.Requests);
    }

    [Theory]
    [InlineData(Create, """{ "summary": "S", "start": "2026-05-04T10:00", "end": "2026-05-04T11:00", "timeZone": "Europe/Berlin" }""")]
    [InlineData(Create, """{ "summary": "S", "start": "2026-05-04T10:00:00+02:00", "end": "2026-05-04T09:30:00Z", "timeZone": "America/New_York" }""")]
    [InlineData(Create, """{ "summary": "S", "start": "2026-05-04T10:00:00", "end": "2026-05-04T11:00:00", "timeZone": "UTC", "attendees": ["\"Lovelace, Ada\" <ada@example.com>"], "organizer": "o@example.com" }""")]
    [InlineData(Update, """{ "uid": "e@example.com", "description": "" }""")]
    [InlineData(List, """{ "from": "2026-05-04T00:00:00", "to": "2026-05-05T00:00:00", "timeZone": "Asia/Tokyo" }""")]
    public void ValidateArguments_GoodArguments_Accepts(string capability, string json) =>
        _connector.ValidateArguments(capability, TestJson.Parse(json));

    [Fact]
    public void ValidateArguments_AttendeesWithoutOrganizer_UsesTheConfiguredDefault()
    {
        using var connector = new CalendarConnector(new CalendarConnectorOptions
        {
            CalendarUrl = new Uri("http://127.0.0.1:9/cal/"),
            ReadOnly = false,
            LedgerPath = _temp.Combine("other.db"),
            DefaultOrganizer = "Operator <operator@example.com>",
        });

        connector.ValidateArguments(Create, TestJson.Parse("""{ "summary": "S", "start": "2026-05-04T10:00:00Z", "end": "2026-05-04T11:00:00Z", "attendees": ["ada@example.com"] }"""));
    }

    public void Dispose()
    {
        _connector.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }
}
