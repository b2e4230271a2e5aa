using System.Text.Json;

namespace OperatorOs.Connectors.Billing.Tests;

/// <summary>Runs the shared connector conformance suite against Billing connectors over one ledger file per test.</summary>
/// <remarks>The write request issues an invoice to a customer seeded when the test's first connector is created. Effects are
/// counted by querying the ledger for invoice, payment and refund rows carrying the token. A lost acknowledgement is an
/// invoice issued through a second instance over the same file (the process that crashed) whose result the caller never saw.</remarks>
public sealed class BillingConnectorConformanceTests : ConnectorConformanceTests
{
    private const string CustomerId = "conformance-customer";

    private readonly LedgerFixture _ledger = new();
    private bool _seeded;

    protected override async Task<Connector> CreateConnectorAsync(bool readOnly)
    {
        if (!_seeded)
        {
            await _ledger.UpsertCustomerAsync(CustomerId);
            _seeded = true;
        }

        return new BillingConnector(new BillingConnectorOptions { DatabasePath = _ledger.DatabasePath, ReadOnly = readOnly }, _ledger.Time);
    }

    protected override (string Capability, JsonElement Arguments) WriteRequest() =>
        (BillingConnector.InvoiceCreateCapability, LedgerFixture.Args(new { customerId = CustomerId, currency = "EUR", amount = 120.50m }));

    protected override (string Capability, JsonElement Arguments, string Path) BadArguments() =>
        (BillingConnector.InvoiceCreateCapability, LedgerFixture.Args(new { customerId = CustomerId, currency = "eur", amount = 10 }), "$.currency");

    protected override Task<int> CountEffectsAsync(OperationToken token) =>
        Task.FromResult((int)(_ledger.CountRows("invoices", token.Value) + _ledger.CountRows("payments", token.Value) + _ledger.CountRows("refunds", token.Value)));

    protected override async Task SimulateLostAcknowledgementAsync(Connector connector, OperationRequest request)
    {
        using BillingConnector crashed = _ledger.NewConnector();
        _ = await crashed.ExecuteAsync(request, Ct);
    }

    protected override ValueTask DisposeAsyncCore()
    {
        _ledger.Dispose();
        return ValueTask.CompletedTask;
    }
}
