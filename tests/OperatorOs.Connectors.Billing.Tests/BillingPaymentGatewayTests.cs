using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OperatorOs.Connectors.Billing.Tests;

/// <summary>Payments and refunds through the Stripe-style gateway, against a local server that enforces idempotency keys;
/// charges and refunds are counted on the server's own records.</summary>
public sealed class BillingPaymentGatewayTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Payment_ChargesThroughTheGatewayWithTheTokenAsKey_AndRecordsTheChargeId()
    {
        await using GatewayFixture f = await GatewayFixture.StartAsync();
        string invoice = await f.InvoiceAsync(120.50m);

        OperationResult result = await f.PayAsync(invoice, 120.50m, "pay-1");

        var charge = Assert.Single(f.Server.Charges);
        Assert.Equal((12050L, "eur", "pm_card_visa", "pay-1"), (charge.Amount, charge.Currency, charge.PaymentMethod, charge.Key));
        Assert.Contains("metadata%5Binvoice_number%5D=" + invoice, f.Server.Requests.Single().Body, StringComparison.Ordinal);
        Assert.Equal(charge.Id, result.Output.GetProperty("gatewayId").GetString());
        Assert.Equal(charge.Id, f.Ledger.ReadColumn("payments", "gateway_id", "pay-1"));
        Assert.Equal(0m, result.Output.GetProperty("balance").GetProperty("outstanding").GetDecimal());
        Assert.Contains(charge.Id, result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Payment_SameTokenTwice_ChargesOnce()
    {
        await using GatewayFixture f = await GatewayFixture.StartAsync();
        string invoice = await f.InvoiceAsync(100m);

        OperationResult first = await f.PayAsync(invoice, 40m, "pay-1");
        OperationResult second = await f.PayAsync(invoice, 40m, "pay-1");

        Assert.Equal(1, f.Server.ChargeCount());
        Assert.Single(f.Server.Requests);
        Assert.Equal(first.Summary, second.Summary);
        Assert.Equal(1, f.Ledger.CountRows("payments"));
    }

    [Fact]
    public async Task Payment_ResponseLost_IsRetriedWithTheSameKeyAndChargesOnce()
    {
        await using GatewayFixture f = await GatewayFixture.StartAsync(o => o.Timeout = TimeSpan.FromMilliseconds(500));
        string invoice = await f.InvoiceAsync(100m);
        f.Server.DelayNextResponse = TimeSpan.FromSeconds(2); // charged, but the answer comes after the attempt timed out

        OperationResult result = await f.PayAsync(invoice, 100m, "pay-lost");

        Assert.Equal(1, f.Server.ChargeCount());
        Assert.Equal(["pay-lost", "pay-lost"], f.Server.Requests.Select(r => r.Key));
        Assert.Equal(f.Server.Charges[0].Id, result.Output.GetProperty("gatewayId").GetString());
    }

    [Fact]
    public async Task Payment_CrashAfterChargeBeforeLedgerCommit_RetryGetsTheStoredChargeAndRecordsItOnce()
    {
        await using GatewayFixture f = await GatewayFixture.StartAsync();
        string invoice = await f.InvoiceAsync(100m);
        // The process that crashed: its charge reached the provider, its ledger transaction never committed.
        GatewayCharge crashed = await f.Gateway.ChargeAsync(new GatewayChargeRequest("pay-crash", 10000, "EUR", "pm_card_visa", invoice, $"Invoice {invoice}"), Ct);

        OperationResult result = await f.PayAsync(invoice, 100m, "pay-crash");

        Assert.Equal(1, f.Server.ChargeCount());
        Assert.Equal(crashed.Id, result.Output.GetProperty("gatewayId").GetString());
        Assert.Equal(1, f.Ledger.CountRows("payments", "pay-crash"));
    }

    [Fact]
    public async Task Payment_SameKeyOtherBody_ThrowsTypedIdempotencyErrorAndRecordsNothing()
    {
        await using GatewayFixture f = await GatewayFixture.StartAsync();
        string invoice = await f.InvoiceAsync(100m);
        _ = await f.Gateway.ChargeAsync(new GatewayChargeRequest("pay-x", 500, "EUR", "pm_card_visa", invoice, null), Ct);

        PaymentGatewayException ex = await Assert.ThrowsAsync<PaymentGatewayException>(() => f.PayAsync(invoice, 10m, "pay-x"));

        Assert.Equal(400, ex.StatusCode);
        Assert.Equal("idempotency_error", ex.ErrorType);
        Assert.False(ex.IsTransient);
        Assert.Equal("billing", ex.Connector);
        Assert.Equal(1, f.Server.ChargeCount());
        Assert.Equal(0, f.Ledger.CountRows("payments"));
        Assert.Equal(OperationState.NotFound, (await f.Connector.GetStatusAsync(new OperationToken("pay-x"), Ct)).State);
    }

    [Fact]
    public async Task Payment_RateLimitedWithRetryAfter_WaitsAndThenChargesOnce()
    {
        await using GatewayFixture f = await GatewayFixture.StartAsync();
        string invoice = await f.InvoiceAsync(100m);
        f.Server.Enqueue(429, retryAfter: "1");
        long started = Stopwatch.GetTimestamp();

        _ = await f.PayAsync(invoice, 100m, "pay-429");

        Assert.True(Stopwatch.GetElapsedTime(started) >= TimeSpan.FromMilliseconds(900), "the gateway did not wait for Retry-After");
        Assert.Equal(2, f.Server.Requests.Count);
        Assert.Equal(1, f.Server.ChargeCount());
    }

    [Fact]
    public async Task Payment_RetryAfterLongerThanTheGatewayWaits_FailsTransientCarryingTheDelay()
    {
        await using GatewayFixture f = await GatewayFixture.StartAsync(o => o.MaxRetryAfter = TimeSpan.FromSeconds(1));
        string invoice = await f.InvoiceAsync(100m);
        f.Server.Enqueue(503, retryAfter: "90");

        PaymentGatewayException ex = await Assert.ThrowsAsync<PaymentGatewayException>(() => f.PayAsync(invoice, 100m, "pay-later"));

        Assert.Equal(503, ex.StatusCode);
        Assert.True(ex.IsTransient);
        Assert.Equal(TimeSpan.FromSeconds(90), ex.RetryAfter);
        Assert.Single(f.Server.Requests);
        Assert.Equal(0, f.Ledger.CountRows("payments"));
    }

    [Fact]
    public async Task Payment_ServerErrorOnKeyedRequest_IsRetried()
    {
        await using GatewayFixture f = await GatewayFixture.StartAsync();
        string invoice = await f.InvoiceAsync(100m);
        f.Server.Enqueue(500);

        _ = await f.PayAsync(invoice, 100m, "pay-500");

        Assert.Equal(2, f.Server.Requests.Count);
        Assert.Equal(1, f.Server.ChargeCount());
    }

    [Fact]
    public async Task Payment_ServerErrorWithoutKeys_IsNotRetriedAndRecordsNothing()
    {
        await using GatewayFixture f = await GatewayFixture.StartAsync(o => o.UseIdempotencyKeys = false);
        string invoice = await f.InvoiceAsync(100m);
        f.Server.Enqueue(500);

        PaymentGatewayException ex = await Assert.ThrowsAsync<PaymentGatewayException>(() => f.PayAsync(invoice, 100m, "pay-nokey"));

        Assert.Equal(500, ex.StatusCode);
        Assert.True(ex.IsTransient);
        Assert.Null(ex.RetryAfter);
        var request = Assert.Single(f.Server.Requests);
        Assert.Null(request.Key);
        Assert.Equal(0, f.Server.ChargeCount());
        Assert.Equal(0, f.Ledger.CountRows("payments"));
    }

    [Fact]
    public async Task Payment_CardDeclined_ThrowsTypedErrorAndLeavesTheInvoiceOutstanding()
    {
        await using GatewayFixture f = await GatewayFixture.StartAsync();
        string invoice = await f.InvoiceAsync(100m);

        PaymentGatewayException ex = await Assert.ThrowsAsync<PaymentGatewayException>(() => f.PayAsync(invoice, 100m, "pay-declined", "pm_card_declined"));

        Assert.Equal((402, "card_error", "card_declined"), (ex.StatusCode, ex.ErrorType, ex.ErrorCode));
        Assert.False(ex.IsTransient);
        Assert.Equal(100m, (await f.Ledger.InvoiceBalanceAsync(invoice)).GetProperty("outstanding").GetDecimal());
    }

    [Fact]
    public async Task Payment_ChargeNeedsAction_IsNotRecorded()
    {
        await using GatewayFixture f = await GatewayFixture.StartAsync();
        string invoice = await f.InvoiceAsync(100m);

        PaymentGatewayException ex = await Assert.ThrowsAsync<PaymentGatewayException>(() => f.PayAsync(invoice, 100m, "pay-3ds", "pm_requires_action"));

        Assert.Contains("requires_action", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, f.Ledger.CountRows("payments"));
    }

    [Fact]
    public async Task Payment_AboveOutstanding_IsRefusedBeforeTheGatewayIsCalled()
    {
        await using GatewayFixture f = await GatewayFixture.StartAsync();
        string invoice = await f.InvoiceAsync(100m);

        ConnectorException ex = await Assert.ThrowsAsync<ConnectorException>(() => f.PayAsync(invoice, 100.01m, "pay-over"));

        Assert.Contains("exceeds", ex.Message, StringComparison.Ordinal);
        Assert.Empty(f.Server.Requests);
    }

    [Fact]
    public async Task Payment_WithoutPaymentMethod_IsRejectedBeforeAnyIo()
    {
        await using GatewayFixture f = await GatewayFixture.StartAsync();
        string invoice = await f.InvoiceAsync(100m);

        ConnectorArgumentException ex = await Assert.ThrowsAsync<ConnectorArgumentException>(() => f.Connector.ExecuteAsync(
            GatewayFixture.Request(BillingConnector.PaymentRecordCapability, new { invoiceNumber = invoice, currency = "EUR", amount = 10m }, "pay-no-pm"), Ct));

        Assert.Equal("$.paymentMethod", ex.Path);
        Assert.Empty(f.Server.Requests);
        Assert.Contains("paymentMethod", f.Connector.GetCapability(BillingConnector.PaymentRecordCapability).ArgumentsSchema.GetProperty("required").GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refund_GoesBackToTheLatestChargeWithEnoughLeft_AndRecordsBothIds()
    {
        await using GatewayFixture f = await GatewayFixture.StartAsync();
        string invoice = await f.InvoiceAsync(100m);
        _ = await f.PayAsync(invoice, 40m, "pay-1");
        _ = await f.PayAsync(invoice, 60m, "pay-2");

        OperationResult refund = await f.RefundAsync(invoice, 50m, "refund-1");
        OperationResult second = await f.RefundAsync(invoice, 30m, "refund-2");

        Assert.Equal([("pi_2", 5000L, "refund-1"), ("pi_1", 3000L, "refund-2")], f.Server.Refunds.Select(r => (r.ChargeId, r.Amount, r.Key!)));
        Assert.Equal("re_1", refund.Output.GetProperty("gatewayId").GetString());
        Assert.Equal("pi_2", refund.Output.GetProperty("chargeId").GetString());
        Assert.Equal("pi_1", f.Ledger.ReadColumn("refunds", "charge_id", "refund-2"));
        Assert.Equal("re_2", f.Ledger.ReadColumn("refunds", "gateway_id", "refund-2"));
        Assert.Equal(80m, second.Output.GetProperty("balance").GetProperty("refunded").GetDecimal());
    }

    [Fact]
    public async Task Refund_AbovePaid_IsRefusedBeforeTheGatewayIsCalled()
    {
        await using GatewayFixture f = await GatewayFixture.StartAsync();
        string invoice = await f.InvoiceAsync(100m);
        _ = await f.PayAsync(invoice, 40m, "pay-1");
        int requests = f.Server.Requests.Count;

        ConnectorException ex = await Assert.ThrowsAsync<ConnectorException>(() => f.RefundAsync(invoice, 40.01m, "refund-over"));

        Assert.Contains("exceeds", ex.Message, StringComparison.Ordinal);
        Assert.Equal(requests, f.Server.Requests.Count);
        Assert.Equal(0, f.Server.RefundCount());
    }

    [Fact]
    public async Task Refund_MoreThanAnySingleChargeHasLeft_IsRefusedNamingTheSplit()
    {
        await using GatewayFixture f = await GatewayFixture.StartAsync();
        string invoice = await f.InvoiceAsync(100m);
        _ = await f.PayAsync(invoice, 40m, "pay-1");
        _ = await f.PayAsync(invoice, 60m, "pay-2");

        ConnectorException ex = await Assert.ThrowsAsync<ConnectorException>(() => f.RefundAsync(invoice, 70m, "refund-big"));
        _ = await f.RefundAsync(invoice, 40m, "refund-a", chargeId: "pi_1");

        Assert.Contains("split", ex.Message, StringComparison.Ordinal);
        Assert.Equal("pi_1", Assert.Single(f.Server.Refunds).ChargeId);
    }

    [Fact]
    public async Task Refund_SameTokenTwice_RefundsOnce()
    {
        await using GatewayFixture f = await GatewayFixture.StartAsync();
        string invoice = await f.InvoiceAsync(100m);
        _ = await f.PayAsync(invoice, 100m, "pay-1");

        _ = await f.RefundAsync(invoice, 25m, "refund-1");
        _ = await f.RefundAsync(invoice, 25m, "refund-1");

        Assert.Equal(1, f.Server.RefundCount());
    }

    [Fact]
    public async Task Gateway_WrongApiKey_ErrorNeverContainsTheKey()
    {
        await using var server = new StripeStyleServer();
        const string WrongKey = "sk_live_wrong_and_secret";
        using var gateway = new StripeStylePaymentGateway(GatewayFixture.Options(server, o => o.ApiKey = WrongKey));

        PaymentGatewayException ex = await Assert.ThrowsAsync<PaymentGatewayException>(() =>
            gateway.ChargeAsync(new GatewayChargeRequest("k1", 100, "EUR", "pm_card_visa", "2026-000001", null), Ct));

        Assert.Equal(401, ex.StatusCode);
        Assert.DoesNotContain(WrongKey, ex.Message, StringComparison.Ordinal);
        Assert.Contains("***", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongKey, GatewayFixture.Options(server, o => o.ApiKey = WrongKey).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Gateway_InvalidOptions_ThrowNamingThemWithoutTheKey()
    {
        var options = new StripeStylePaymentGatewayOptions { BaseAddress = new Uri("/relative", UriKind.Relative), ApiKey = "has space secret", MaxRetryAttempts = 11 };

        ArgumentException ex = Assert.Throws<ArgumentException>(() => new StripeStylePaymentGateway(options));

        Assert.Contains("BaseAddress", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ApiKey", ex.Message, StringComparison.Ordinal);
        Assert.Contains("MaxRetryAttempts", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutGateway_PaymentMethodIsNotAnArgument()
    {
        using var ledger = new LedgerFixture();
        await ledger.UpsertCustomerAsync("c1");
        string invoice = await ledger.CreateInvoiceAsync("c1", 10m);

        ConnectorArgumentException ex = await Assert.ThrowsAsync<ConnectorArgumentException>(() =>
            ledger.ExecuteAsync(BillingConnector.PaymentRecordCapability, new { invoiceNumber = invoice, currency = "EUR", amount = 10m, paymentMethod = "pm_card_visa" }));

        Assert.Equal("$.paymentMethod", ex.Path);
        Assert.False(ledger.Connector.HasPaymentGateway);
    }

    [Fact]
    public async Task Ledger_FromSchemaVersion1_IsMigratedAndKeepsItsPayments()
    {
        using var temp = new TempDirectory();
        string path = temp.Combine("v1.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = Internal.BillingSchema.Migrations[0] + """
                PRAGMA user_version = 1;
                INSERT INTO customers VALUES ('c1', 'Acme', NULL, 't', 't', 'tok-c');
                INSERT INTO invoices VALUES ('2026-000001', 2026, 1, 'c1', 'EUR', 1000, NULL, 't', 'tok-i');
                INSERT INTO payments (invoice_number, currency, amount_minor, reference, recorded_at, token) VALUES ('2026-000001', 'EUR', 400, NULL, 't', 'tok-p');
                """;
            command.ExecuteNonQuery();
        }

        await using var server = new StripeStyleServer();
        using var gateway = new StripeStylePaymentGateway(GatewayFixture.Options(server));
        using var connector = new BillingConnector(new BillingConnectorOptions { DatabasePath = path }, TimeProvider.System, gateway);
        OperationResult payment = await connector.ExecuteAsync(
            GatewayFixture.Request(BillingConnector.PaymentRecordCapability, new { invoiceNumber = "2026-000001", currency = "EUR", amount = 6m, paymentMethod = "pm_card_visa" }, "tok-p2"), Ct);

        Assert.Equal(10m, payment.Output.GetProperty("balance").GetProperty("paid").GetDecimal());
        Assert.Equal("pi_1", payment.Output.GetProperty("gatewayId").GetString());
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task AddStripeStylePaymentGateway_ThenAddBillingConnector_ConnectorChargesThroughTheGateway()
    {
        using var temp = new TempDirectory();
        await using var server = new StripeStyleServer();
        var services = new ServiceCollection();
        var builder = new TestOperatorOsBuilder(services);

        builder.AddStripeStylePaymentGateway(o => { o.BaseAddress = server.BaseAddress; o.ApiKey = StripeStyleServer.ApiKey; })
            .AddBillingConnector(o => o.DatabasePath = temp.Combine("billing.db"));
        await using (ServiceProvider provider = services.BuildServiceProvider())
        {
            var connector = Assert.IsType<BillingConnector>(provider.GetRequiredService<Connector>());
            Assert.True(connector.HasPaymentGateway);
            Assert.IsType<StripeStylePaymentGateway>(provider.GetRequiredService<IPaymentGateway>());
        }

        var invalid = new TestOperatorOsBuilder(new ServiceCollection());
        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() =>
            invalid.AddStripeStylePaymentGateway(o => o.ApiKey = "sk_secret_value"));
        Assert.Contains(ex.Failures, f => f.Contains("BaseAddress", StringComparison.Ordinal));
        Assert.DoesNotContain(ex.Failures, f => f.Contains("sk_secret_value", StringComparison.Ordinal));
        SqliteConnection.ClearAllPools();
    }
}
