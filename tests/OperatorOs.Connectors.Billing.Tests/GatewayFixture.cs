using System.Text.Json;

namespace OperatorOs.Connectors.Billing.Tests;

/// <summary>A ledger, a Stripe-style server on 127.0.0.1, a gateway to it and a Billing connector that charges through it.</summary>
internal sealed class GatewayFixture : IAsyncDisposable
{
    public const string CustomerId = "acme";

    private GatewayFixture(LedgerFixture ledger, StripeStyleServer server, StripeStylePaymentGateway gateway)
    {
        Ledger = ledger;
        Server = server;
        Gateway = gateway;
        Connector = ledger.NewConnector(gateway: gateway);
    }

    public LedgerFixture Ledger { get; }

    public StripeStyleServer Server { get; }

    public StripeStylePaymentGateway Gateway { get; }

    public BillingConnector Connector { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<GatewayFixture> StartAsync(Action<StripeStylePaymentGatewayOptions>? configure = null)
    {
        var ledger = new LedgerFixture();
        var server = new StripeStyleServer();
        var gateway = new StripeStylePaymentGateway(Options(server, configure));
        var fixture = new GatewayFixture(ledger, server, gateway);
        await ledger.UpsertCustomerAsync(CustomerId);
        return fixture;
    }

    public static StripeStylePaymentGatewayOptions Options(StripeStyleServer server, Action<StripeStylePaymentGatewayOptions>? configure = null)
    {
        var options = new StripeStylePaymentGatewayOptions
        {
            BaseAddress = server.BaseAddress,
            ApiKey = StripeStyleServer.ApiKey,
            Timeout = TimeSpan.FromSeconds(10),
            RetryDelay = TimeSpan.FromMilliseconds(20),
        };
        configure?.Invoke(options);
        return options;
    }

    public Task<string> InvoiceAsync(decimal amount) => Ledger.CreateInvoiceAsync(CustomerId, amount, connector: Connector);

    public Task<OperationResult> PayAsync(string invoiceNumber, decimal amount, string token, string paymentMethod = "pm_card_visa") =>
        Connector.ExecuteAsync(Request(BillingConnector.PaymentRecordCapability, new { invoiceNumber, currency = "EUR", amount, paymentMethod }, token), Ct);

    public Task<OperationResult> RefundAsync(string invoiceNumber, decimal amount, string token, string? chargeId = null) =>
        Connector.ExecuteAsync(
            Request(BillingConnector.RefundCapability, chargeId is null ? new { invoiceNumber, currency = "EUR", amount } : (object)new { invoiceNumber, currency = "EUR", amount, chargeId }, token),
            Ct);

    public static OperationRequest Request(string capability, object arguments, string token) =>
        new(capability, JsonSerializer.SerializeToElement(arguments), new OperationToken(token));

    public async ValueTask DisposeAsync()
    {
        Gateway.Dispose();
        await Server.DisposeAsync();
        Ledger.Dispose();
    }
}
