using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace OperatorOs.Connectors.Billing.Tests;

/// <summary>A ledger file in a temporary directory, a fake clock, and helpers to call Billing connectors over that file.</summary>
internal sealed class LedgerFixture : IDisposable
{
    private readonly List<BillingConnector> _connectors = [];

    public LedgerFixture()
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 14, 9, 0, 0, TimeSpan.Zero));
        DatabasePath = Directory.Combine("ledger", "billing.db");
        Connector = NewConnector();
    }

    public TempDirectory Directory { get; } = new();

    public string DatabasePath { get; }

    public FakeTimeProvider Time { get; }

    public BillingConnector Connector { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static JsonElement Args(object arguments) => JsonSerializer.SerializeToElement(arguments);

    public static string NewToken() => "t-" + Guid.NewGuid().ToString("N");

    public BillingConnector NewConnector(bool readOnly = false, IPaymentGateway? gateway = null)
    {
        var connector = new BillingConnector(new BillingConnectorOptions { DatabasePath = DatabasePath, ReadOnly = readOnly }, Time, gateway);
        _connectors.Add(connector);
        return connector;
    }

    public Task<OperationResult> ExecuteAsync(string capability, object arguments, string? token = null, BillingConnector? connector = null) =>
        (connector ?? Connector).ExecuteAsync(new OperationRequest(capability, Args(arguments), new OperationToken(token ?? NewToken())), Ct);

    public Task<OperationResult> UpsertCustomerAsync(string customerId, string name = "Acme Ltd") =>
        ExecuteAsync(BillingConnector.CustomerUpsertCapability, new { customerId, name });

    public async Task<string> CreateInvoiceAsync(string customerId, object amount, string currency = "EUR", BillingConnector? connector = null)
    {
        OperationResult result = await ExecuteAsync(BillingConnector.InvoiceCreateCapability, new { customerId, currency, amount }, connector: connector);
        return result.Output.GetProperty("invoiceNumber").GetString()!;
    }

    public Task<OperationResult> PayAsync(string invoiceNumber, object amount, string currency = "EUR", string? token = null) =>
        ExecuteAsync(BillingConnector.PaymentRecordCapability, new { invoiceNumber, currency, amount }, token);

    public Task<OperationResult> RefundAsync(string invoiceNumber, object amount, string currency = "EUR", string? token = null) =>
        ExecuteAsync(BillingConnector.RefundCapability, new { invoiceNumber, currency, amount }, token);

    public async Task<JsonElement> InvoiceBalanceAsync(string invoiceNumber)
    {
        OperationResult result = await ExecuteAsync(BillingConnector.BalanceCapability, new { invoiceNumber });
        return result.Output.GetProperty("balances")[0];
    }

    /// <summary>Reads one text column of the row of a ledger table that carries a token.</summary>
    public string? ReadColumn(string table, string column, string token)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT {column} FROM {table} WHERE token = $token;";
        command.Parameters.AddWithValue("$token", token);
        return command.ExecuteScalar() as string;
    }

    /// <summary>Counts the rows of the ledger tables that carry a token: the effects performed under it.</summary>
    public long CountRows(string table, string? token = null)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = token is null ? $"SELECT COUNT(*) FROM {table};" : $"SELECT COUNT(*) FROM {table} WHERE token = $token;";
        if (token is not null)
        {
            command.Parameters.AddWithValue("$token", token);
        }

        return (long)command.ExecuteScalar()!;
    }

    public void Dispose()
    {
        foreach (BillingConnector connector in _connectors)
        {
            connector.Dispose();
        }

        SqliteConnection.ClearAllPools();
        Directory.Dispose();
    }
}
