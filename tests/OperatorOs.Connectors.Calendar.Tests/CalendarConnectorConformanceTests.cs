using System.Text.Json;

namespace OperatorOs.Connectors.Calendar.Tests;

/// <summary>Runs the shared connector conformance suite against Calendar connectors on a real Radicale server.</summary>
/// <remarks>Every test gets its own calendar collection and ledger file; the connectors of one test share both. Effects are counted
/// in Radicale's storage: the stored events that carry the UID derived from the token. A lost acknowledgement is a create sent by
/// another instance (the process that crashed) whose PUT the server stored but whose responses, also to its retries, never arrived, so the
/// ledger has no result and the connector under test must learn about the event from the server.</remarks>
public sealed class CalendarConnectorConformanceTests : ConnectorConformanceTests, IClassFixture<RadicaleServer>
{
    private readonly TestCalendar _calendar;

    public CalendarConnectorConformanceTests(RadicaleServer server)
    {
        _calendar = new TestCalendar(server);
    }

    protected override Task<Connector> CreateConnectorAsync(bool readOnly) =>
        Task.FromResult<Connector>(_calendar.Connect(readOnly: readOnly));

    protected override (string Capability, JsonElement Arguments) WriteRequest() =>
        (CalendarConnector.CreateCapability, TestJson.Parse("""
            { "summary": "Kick-off with Acme", "start": "2026-05-04T10:00:00", "end": "2026-05-04T11:00:00", "timeZone": "Europe/Berlin",
              "attendees": ["Ada Lovelace <ada@example.com>"], "organizer": "operator@example.com" }
            """));

    protected override (string Capability, JsonElement Arguments, string Path) BadArguments() =>
        (CalendarConnector.CreateCapability, TestJson.Parse("""{ "summary": "Backwards", "start": "2026-05-04T10:00:00Z", "end": "2026-05-04T09:00:00Z" }"""), "$.end");

    protected override Task<int> CountEffectsAsync(OperationToken token) => Task.FromResult(_calendar.CountEffects(token));

    protected override async Task SimulateLostAcknowledgementAsync(Connector connector, OperationRequest request)
    {
        var handler = new InterceptingHandler { LoseResponseWhen = r => r.Method == HttpMethod.Put, MaxLost = int.MaxValue };
        CalendarConnector crashing = _calendar.Connect(handler: handler);

        CalendarConnectorException lost = await Assert.ThrowsAsync<CalendarConnectorException>(() => crashing.ExecuteAsync(request, Ct));

        Assert.True(lost.IsTransient);
        Assert.True(handler.Lost >= 1, $"No response was lost, yet the create failed: {lost}");
    }

    protected override ValueTask DisposeAsyncCore()
    {
        _calendar.Dispose();
        return ValueTask.CompletedTask;
    }
}
