using System.Text.Json;

namespace OperatorOs.Connectors.Billing.Tests;

/// <summary>Runs the connector conformance suite against Billing connectors that charge through the Stripe-style gateway.</summary>
/// <remarks>The write request charges 10.00 EUR against a large invoice; effects are counted as the charges the local server
/// made under the token's idempotency key. A lost acknowledgement is a payment made through a second instance over the same
/// ledger and server, whose result the caller never saw.</remarks>
public sealed class BillingGatewayConformanceTests : ConnectorConformanceTests
{
    private GatewayFixture? _fixture;
    private string? _invoice;

    protected override async Task<Connector> CreateConnectorAsync(bool readOnly)
    {
        if (_fixture is null)
        {
            _fixture = await GatewayFixture.StartAsync();
            _invoice = await _fixture.InvoiceAsync(1_000_000m);
        }

        return _fixture.Ledger.NewConnector(readOnly, _fixture.Gateway);
    }

    protected override (string Capability, JsonElement Arguments) WriteRequest() =>
        (BillingConnector.PaymentRecordCapability, LedgerFixture.Args(new { invoiceNumber = _invoice, currency = "EUR", amount = 10m, paymentMethod = "pm_card_visa" }));

    protected override (string Capability, JsonElement Arguments, string Path) BadArguments() =>
        (BillingConnector.PaymentRecordCapability, LedgerFixture.Args(new { invoiceNumber = _invoice, currency = "EUR", amount = 10m, paymentMethod = "" }), "$.paymentMethod");

    protected override Task<int> CountEffectsAsync(OperationToken token) => Task.FromResult(_fixture!.Server.ChargeCount(token.Value));

    protected override async Task SimulateLostAcknowledgementAsync(Connector connector, OperationRequest request)
    {
        BillingConnector crashed = _fixture!.Ledger.NewConnector(gateway: _fixture.Gateway);
        _ = await crashed.ExecuteAsync(request, Ct);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        if (_fixture is not null)
        {
            await _fixture.DisposeAsync();
        }
    }
}
