using System.Text.Json;

namespace OperatorOs.Connectors.Billing.Tests;

public sealed class BillingLedgerTests : IDisposable
{
    private readonly LedgerFixture _ledger = new();

    public void Dispose() => _ledger.Dispose();

    [Fact]
    public async Task CreateInvoice_EightConcurrentCreators_NumbersAreExactlyOneToN()
    {
        await _ledger.UpsertCustomerAsync("c1");
        BillingConnector[] creators = [.. Enumerable.Range(0, 8).Select(_ => _ledger.NewConnector())];
        const int PerCreator = 10;

        string[][] numbers = await Task.WhenAll(creators.Select(connector => Task.Run(async () =>
        {
            var mine = new List<string>();
            for (int i = 0; i < PerCreator; i++)
            {
                mine.Add(await _ledger.CreateInvoiceAsync("c1", 10m, connector: connector));
            }

            return mine.ToArray();
        })));

        string[] expected = [.. Enumerable.Range(1, 8 * PerCreator).Select(n => $"2026-{n:D6}")];
        Assert.Equal(expected, numbers.SelectMany(n => n).Order(StringComparer.Ordinal));
        Assert.Equal(8 * PerCreator, _ledger.CountRows("invoices"));
    }

    [Fact]
    public async Task Payment_SameTokenFromEightInstancesAtOnce_IsRecordedOnceWithOneResult()
    {
        await _ledger.UpsertCustomerAsync("c1");
        string invoice = await _ledger.CreateInvoiceAsync("c1", 100m);
        BillingConnector[] instances = [.. Enumerable.Range(0, 8).Select(_ => _ledger.NewConnector())];

        OperationResult[] results = await Task.WhenAll(instances.Select(connector => Task.Run(() =>
            _ledger.ExecuteAsync(BillingConnector.PaymentRecordCapability, new { invoiceNumber = invoice, currency = "EUR", amount = 25m }, "same-payment", connector))));

        Assert.Equal(1, _ledger.CountRows("payments", "same-payment"));
        Assert.All(results, r => Assert.True(JsonElement.DeepEquals(results[0].Output, r.Output)));
        Assert.Equal(75m, (await _ledger.InvoiceBalanceAsync(invoice)).GetProperty("outstanding").GetDecimal());
    }

    [Fact]
    public async Task Token_UsedForAnotherCapability_IsRefusedAndChangesNothing()
    {
        string token = LedgerFixture.NewToken();
        await _ledger.ExecuteAsync("billing.customer.upsert", new { customerId = "c9", name = "Nine" }, token);

        ConnectorException error = await Assert.ThrowsAsync<ConnectorException>(() =>
            _ledger.ExecuteAsync(BillingConnector.InvoiceCreateCapability, new { customerId = "c9", currency = "EUR", amount = "10.00" }, token));

        Assert.False(error.IsTransient);
        Assert.Contains("was used for 'billing.customer.upsert'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateInvoice_CancelledBeforeStart_ConsumesNoNumber()
    {
        await _ledger.UpsertCustomerAsync("c1");
        var request = new OperationRequest(
            BillingConnector.InvoiceCreateCapability, LedgerFixture.Args(new { customerId = "c1", currency = "EUR", amount = 5m }), new OperationToken("cancelled"));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _ledger.Connector.ExecuteAsync(request, new CancellationToken(canceled: true)));

        Assert.Equal("2026-000001", await _ledger.CreateInvoiceAsync("c1", 5m));
    }

    [Fact]
    public async Task CreateInvoice_NewYear_RestartsNumbering()
    {
        await _ledger.UpsertCustomerAsync("c1");
        Assert.Equal("2026-000001", await _ledger.CreateInvoiceAsync("c1", 1m));
        Assert.Equal("2026-000002", await _ledger.CreateInvoiceAsync("c1", 1m));
        _ledger.Time.SetUtcNow(new DateTimeOffset(2027, 1, 1, 0, 0, 1, TimeSpan.Zero));

        Assert.Equal("2027-000001", await _ledger.CreateInvoiceAsync("c1", 1m));
    }

    [Fact]
    public async Task CreateInvoice_RefusedForUnknownCustomer_ConsumesNoNumber()
    {
        ConnectorException ex = await Assert.ThrowsAsync<ConnectorException>(() => _ledger.CreateInvoiceAsync("nobody", 5m));
        Assert.False(ex.IsTransient);

        await _ledger.UpsertCustomerAsync("c1");
        Assert.Equal("2026-000001", await _ledger.CreateInvoiceAsync("c1", 5m));
    }

    [Fact]
    public async Task Refund_OverThePaidAmount_IsRefusedAndWritesNothing()
    {
        await _ledger.UpsertCustomerAsync("c1");
        string invoice = await _ledger.CreateInvoiceAsync("c1", 100m);
        await _ledger.PayAsync(invoice, 40m);
        string token = LedgerFixture.NewToken();

        ConnectorException ex = await Assert.ThrowsAsync<ConnectorException>(() => _ledger.RefundAsync(invoice, 40.01m, token: token));

        Assert.False(ex.IsTransient);
        Assert.Equal(0, _ledger.CountRows("refunds"));
        Assert.Equal(0, _ledger.CountRows("operations", token));
        Assert.Equal(OperationState.NotFound, (await _ledger.Connector.GetStatusAsync(new OperationToken(token), TestContext.Current.CancellationToken)).State);
    }

    [Fact]
    public async Task Refund_BeforeAnyPayment_IsRefused()
    {
        await _ledger.UpsertCustomerAsync("c1");
        string invoice = await _ledger.CreateInvoiceAsync("c1", 100m);

        await Assert.ThrowsAsync<ConnectorException>(() => _ledger.RefundAsync(invoice, 0.01m));

        Assert.Equal(0, _ledger.CountRows("refunds"));
    }

    [Fact]
    public async Task Refund_PartialRefunds_AddUpAndStopAtThePaidAmount()
    {
        await _ledger.UpsertCustomerAsync("c1");
        string invoice = await _ledger.CreateInvoiceAsync("c1", 100m);
        await _ledger.PayAsync(invoice, 60m);

        await _ledger.RefundAsync(invoice, 10.25m);
        await _ledger.RefundAsync(invoice, 20m);
        OperationResult last = await _ledger.RefundAsync(invoice, 29.75m);
        await Assert.ThrowsAsync<ConnectorException>(() => _ledger.RefundAsync(invoice, 0.01m));

        Assert.Equal(60m, last.Output.GetProperty("balance").GetProperty("refunded").GetDecimal());
        JsonElement balance = await _ledger.InvoiceBalanceAsync(invoice);
        Assert.Equal(60m, balance.GetProperty("paid").GetDecimal());
        Assert.Equal(60m, balance.GetProperty("refunded").GetDecimal());
        Assert.Equal(100m, balance.GetProperty("outstanding").GetDecimal());
        Assert.Equal(3, _ledger.CountRows("refunds"));
    }

    [Fact]
    public async Task Balance_InvoiceAndCustomer_ReportInvoicedPaidRefundedOutstanding()
    {
        await _ledger.UpsertCustomerAsync("c1");
        string first = await _ledger.CreateInvoiceAsync("c1", 100m);
        string second = await _ledger.CreateInvoiceAsync("c1", 50.50m);
        await _ledger.CreateInvoiceAsync("c1", 7m, "USD");
        await _ledger.PayAsync(first, 100m);
        await _ledger.PayAsync(second, 20m);
        await _ledger.RefundAsync(first, 15m);

        JsonElement invoice = await _ledger.InvoiceBalanceAsync(first);
        OperationResult customer = await _ledger.ExecuteAsync(BillingConnector.BalanceCapability, new { customerId = "c1" });

        Assert.Equal("EUR", invoice.GetProperty("currency").GetString());
        Assert.Equal(100m, invoice.GetProperty("invoiced").GetDecimal());
        Assert.Equal(100m, invoice.GetProperty("paid").GetDecimal());
        Assert.Equal(15m, invoice.GetProperty("refunded").GetDecimal());
        Assert.Equal(15m, invoice.GetProperty("outstanding").GetDecimal());
        JsonElement[] balances = [.. customer.Output.GetProperty("balances").EnumerateArray()];
        Assert.Equal(["EUR", "USD"], balances.Select(b => b.GetProperty("currency").GetString()));
        Assert.Equal(150.50m, balances[0].GetProperty("invoiced").GetDecimal());
        Assert.Equal(120m, balances[0].GetProperty("paid").GetDecimal());
        Assert.Equal(15m, balances[0].GetProperty("refunded").GetDecimal());
        Assert.Equal(45.50m, balances[0].GetProperty("outstanding").GetDecimal());
        Assert.Equal(7m, balances[1].GetProperty("outstanding").GetDecimal());
        Assert.Equal(OperationState.NotFound, (await _ledger.Connector.GetStatusAsync(customer.Token, TestContext.Current.CancellationToken)).State);
    }

    [Fact]
    public async Task Payment_InAnotherCurrency_IsRefusedAndWritesNothing()
    {
        await _ledger.UpsertCustomerAsync("c1");
        string invoice = await _ledger.CreateInvoiceAsync("c1", 100m);

        ConnectorException ex = await Assert.ThrowsAsync<ConnectorException>(() => _ledger.PayAsync(invoice, 10m, "USD"));

        Assert.False(ex.IsTransient);
        Assert.Contains("EUR", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, _ledger.CountRows("payments"));
    }

    [Fact]
    public async Task Refund_InAnotherCurrency_IsRefused()
    {
        await _ledger.UpsertCustomerAsync("c1");
        string invoice = await _ledger.CreateInvoiceAsync("c1", 100m);
        await _ledger.PayAsync(invoice, 100m);

        await Assert.ThrowsAsync<ConnectorException>(() => _ledger.RefundAsync(invoice, 10m, "GBP"));

        Assert.Equal(0, _ledger.CountRows("refunds"));
    }

    [Fact]
    public async Task Payment_AboveOutstanding_IsRefused()
    {
        await _ledger.UpsertCustomerAsync("c1");
        string invoice = await _ledger.CreateInvoiceAsync("c1", 10m);

        await Assert.ThrowsAsync<ConnectorException>(() => _ledger.PayAsync(invoice, 10.01m));

        Assert.Equal(0, _ledger.CountRows("payments"));
    }

    [Fact]
    public async Task Payments_DecimalFractions_AddUpExactly()
    {
        await _ledger.UpsertCustomerAsync("c1");
        string invoice = await _ledger.CreateInvoiceAsync("c1", 0.3m);

        await _ledger.PayAsync(invoice, 0.1);
        await _ledger.PayAsync(invoice, "0.2");

        JsonElement balance = await _ledger.InvoiceBalanceAsync(invoice);
        Assert.Equal(0.3m, balance.GetProperty("paid").GetDecimal());
        Assert.Equal(0m, balance.GetProperty("outstanding").GetDecimal());
        Assert.Equal("0.30", balance.GetProperty("paid").GetRawText());
    }

    [Fact]
    public async Task Restart_NewInstanceOverTheSameFile_KeepsTheLedgerAndNumbering()
    {
        await _ledger.UpsertCustomerAsync("c1");
        string invoice = await _ledger.CreateInvoiceAsync("c1", 80m);
        OperationResult paid = await _ledger.PayAsync(invoice, 30m, token: "pay-1");
        _ledger.Connector.Dispose();

        using var restarted = new BillingConnector(new BillingConnectorOptions { DatabasePath = _ledger.DatabasePath }, _ledger.Time);
        OperationResult again = await _ledger.ExecuteAsync(BillingConnector.PaymentRecordCapability, new { invoiceNumber = invoice, currency = "EUR", amount = 30m }, "pay-1", restarted);
        string next = await _ledger.CreateInvoiceAsync("c1", 1m, connector: restarted);
        OperationResult balance = await _ledger.ExecuteAsync(BillingConnector.BalanceCapability, new { invoiceNumber = invoice }, connector: restarted);

        Assert.True(JsonElement.DeepEquals(paid.Output, again.Output));
        Assert.Equal(1, _ledger.CountRows("payments"));
        Assert.Equal("2026-000002", next);
        Assert.Equal(50m, balance.Output.GetProperty("balances")[0].GetProperty("outstanding").GetDecimal());
    }

    [Fact]
    public async Task UpsertCustomer_Twice_UpdatesAndReportsCreated()
    {
        OperationResult created = await _ledger.UpsertCustomerAsync("c1", "First");
        OperationResult updated = await _ledger.UpsertCustomerAsync("c1", "Second");

        Assert.True(created.Output.GetProperty("created").GetBoolean());
        Assert.False(updated.Output.GetProperty("created").GetBoolean());
        Assert.Equal("Second", updated.Output.GetProperty("name").GetString());
        Assert.Equal(1, _ledger.CountRows("customers"));
    }

    [Fact]
    public async Task Ledger_File_UsesWalAndSchemaVersion()
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_ledger.DatabasePath};Pooling=False");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        using Microsoft.Data.Sqlite.SqliteCommand command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string?)command.ExecuteScalar());
        command.CommandText = "PRAGMA user_version;";
        Assert.Equal(2L, (long)command.ExecuteScalar()!);
    }

    [Fact]
    public void Constructor_NewerSchema_ThrowsConnectorException()
    {
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_ledger.DatabasePath};Pooling=False"))
        {
            connection.Open();
            using Microsoft.Data.Sqlite.SqliteCommand command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 99;";
            command.ExecuteNonQuery();
        }

        ConnectorException ex = Assert.Throws<ConnectorException>(() => _ledger.NewConnector());
        Assert.False(ex.IsTransient);
    }
}
