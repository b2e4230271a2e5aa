using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using OperatorOs.Connectors.Calendar.Internal;

namespace OperatorOs.Connectors.Calendar.Tests;

/// <summary>One test's calendar: a fresh collection on the shared Radicale server and a ledger file in a temporary directory,
/// with connectors over them (disposed with the test).</summary>
internal sealed class TestCalendar : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly List<CalendarConnector> _connectors = [];

    public TestCalendar(RadicaleServer server)
    {
        Server = server;
        Url = server.NewCalendarUrl();
        LedgerPath = _temp.Combine("calendar-ledger.db");
    }

    public RadicaleServer Server { get; }

    public Uri Url { get; }

    public string LedgerPath { get; }

    /// <summary>Creates a connector over the test's calendar and ledger.</summary>
    public CalendarConnector Connect(
        Action<CalendarConnectorOptions>? configure = null,
        HttpMessageHandler? handler = null,
        TimeProvider? time = null,
        ILogger? logger = null,
        bool readOnly = false)
    {
        CalendarConnectorOptions options = Server.Options(Url, readOnly ? null : LedgerPath, readOnly);
        configure?.Invoke(options);
        var connector = new CalendarConnector(options, time, logger, handler);
        _connectors.Add(connector);
        return connector;
    }

    /// <summary>Counts the events on the server that carry the UID derived from <paramref name="token"/>.</summary>
    public int CountEffects(OperationToken token) => Server.CountEvents(Url, UidOf(token));

    /// <summary>Returns the stored iCalendar text of every event in the collection, from the server's own files.</summary>
    public IReadOnlyList<string> Stored() => Server.StoredEvents(Url);

    public static string UidOf(OperationToken token) => EventUid.For(token, "operatoros");

    public void Dispose()
    {
        foreach (CalendarConnector connector in _connectors)
        {
            connector.Dispose();
        }

        SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }
}
