using Microsoft.Data.Sqlite;
using OperatorOs.Connectors.Email.Tests.Servers;

namespace OperatorOs.Connectors.Email.Tests;

/// <summary>The base of tests against the mail servers: a fresh account and ledger per test, connectors disposed afterwards.</summary>
public abstract class MailTest(MailServers servers) : IDisposable
{
    private readonly List<EmailConnector> _created = [];

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected MailServers Servers { get; } = servers;

    protected MailAccount Account { get; } = servers.CreateAccount();

    protected TempDirectory Temp { get; } = new();

    protected string LedgerPath => Temp.Combine("email.db");

    public void Dispose()
    {
        foreach (EmailConnector connector in _created)
        {
            connector.Dispose();
        }

        SqliteConnection.ClearAllPools();
        Temp.Dispose();
        GC.SuppressFinalize(this);
    }

    protected static OperationToken NewToken() => new($"test:{Guid.NewGuid():N}");

    protected static OperationRequest Request(string capability, string json, OperationToken? token = null) =>
        new(capability, TestJson.Parse(json), token ?? NewToken());

    protected EmailConnector Create(Action<EmailConnectorOptions>? configure = null, TimeProvider? timeProvider = null, MailAccount? account = null)
    {
        var connector = new EmailConnector(Servers.Options(account ?? Account, LedgerPath, configure), timeProvider);
        _created.Add(connector);
        return connector;
    }
}
