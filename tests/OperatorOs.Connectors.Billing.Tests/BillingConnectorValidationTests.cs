using System.Text.Json;

namespace OperatorOs.Connectors.Billing.Tests;

public sealed class BillingConnectorValidationTests : IDisposable
{
    private readonly LedgerFixture _ledger = new();

    public void Dispose() => _ledger.Dispose();

    public static TheoryData<string, string, string> BadArguments => new()
    {
        { BillingConnector.CustomerUpsertCapability, """{ "name": "Acme" }""", "$.customerId" },
        { BillingConnector.CustomerUpsertCapability, """{ "customerId": "has space", "name": "Acme" }""", "$.customerId" },
        { BillingConnector.CustomerUpsertCapability, """{ "customerId": "c1", "name": "  " }""", "$.name" },
        { BillingConnector.CustomerUpsertCapability, """{ "customerId": "c1", "name": "Acme", "email": 5 }""", "$.email" },
        { BillingConnector.CustomerUpsertCapability, """{ "customerId": "c1", "name": "Acme", "extra": 1 }""", "$.extra" },
        { BillingConnector.InvoiceCreateCapability, """{ "customerId": "c1", "amount": 10 }""", "$.currency" },
        { BillingConnector.InvoiceCreateCapability, """{ "customerId": "c1", "currency": "EURO", "amount": 10 }""", "$.currency" },
        { BillingConnector.InvoiceCreateCapability, """{ "customerId": "c1", "currency": "eur", "amount": 10 }""", "$.currency" },
        { BillingConnector.InvoiceCreateCapability, """{ "customerId": "c1", "currency": "EUR" }""", "$.amount" },
        { BillingConnector.InvoiceCreateCapability, """{ "customerId": "c1", "currency": "EUR", "amount": 0 }""", "$.amount" },
        { BillingConnector.InvoiceCreateCapability, """{ "customerId": "c1", "currency": "EUR", "amount": -5 }""", "$.amount" },
        { BillingConnector.InvoiceCreateCapability, """{ "customerId": "c1", "currency": "EUR", "amount": 1.001 }""", "$.amount" },
        { BillingConnector.InvoiceCreateCapability, """{ "customerId": "c1", "currency": "EUR", "amount": "1.5e2" }""", "$.amount" },
        { BillingConnector.InvoiceCreateCapability, """{ "customerId": "c1", "currency": "EUR", "amount": true }""", "$.amount" },
        { BillingConnector.InvoiceCreateCapability, """{ "customerId": "c1", "currency": "EUR", "amount": 1e30 }""", "$.amount" },
        { BillingConnector.PaymentRecordCapability, """{ "invoiceNumber": "26-1", "currency": "EUR", "amount": 1 }""", "$.invoiceNumber" },
        { BillingConnector.PaymentRecordCapability, """{ "invoiceNumber": "2026-000001", "currency": "EUR", "amount": "abc" }""", "$.amount" },
        { BillingConnector.RefundCapability, """{ "invoiceNumber": "2026-000001", "currency": "EUR", "amount": 1, "reference": "x" }""", "$.reference" },
        { BillingConnector.RefundCapability, """{ "invoiceNumber": 2026, "currency": "EUR", "amount": 1 }""", "$.invoiceNumber" },
        { BillingConnector.BalanceCapability, """{ }""", "$" },
        { BillingConnector.BalanceCapability, """{ "customerId": "c1", "invoiceNumber": "2026-000001" }""", "$" },
        { BillingConnector.BalanceCapability, """{ "invoiceNumber": "x" }""", "$.invoiceNumber" },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public async Task ValidateArgumentsAndExecute_BadArguments_NameThePathAndWriteNothing(string capability, string json, string path)
    {
        using JsonDocument document = JsonDocument.Parse(json);

        ConnectorArgumentException ex = Assert.Throws<ConnectorArgumentException>(() => _ledger.Connector.ValidateArguments(capability, document.RootElement));
        var token = new OperationToken(LedgerFixture.NewToken());
        ConnectorArgumentException executed = await Assert.ThrowsAsync<ConnectorArgumentException>(
            () => _ledger.Connector.ExecuteAsync(new OperationRequest(capability, document.RootElement, token), TestContext.Current.CancellationToken));

        Assert.Equal(path, ex.Path);
        Assert.Equal(capability, ex.Capability);
        Assert.Equal(path, executed.Path);
        Assert.Equal(0, _ledger.CountRows("operations"));
    }

    [Theory]
    [InlineData("""{ "customerId": "c1", "currency": "EUR", "amount": 10 }""")]
    [InlineData("""{ "customerId": "c1", "currency": "JPY", "amount": 0.01 }""")]
    [InlineData("""{ "customerId": "c1", "currency": "EUR", "amount": "999999999999.99", "description": "max" }""")]
    [InlineData("""{ "customerId": "c1", "currency": "EUR", "amount": 1.500 }""")]
    public void ValidateArguments_GoodInvoice_Accepts(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);

        _ledger.Connector.ValidateArguments(BillingConnector.InvoiceCreateCapability, document.RootElement);
    }

    [Fact]
    public void Capabilities_RiskTiers_MatchTheLedgersEffects()
    {
        Dictionary<string, RiskTier> tiers = _ledger.Connector.Capabilities.ToDictionary(c => c.Name, c => c.RiskTier);

        Assert.Equal(RiskTier.Internal, tiers[BillingConnector.CustomerUpsertCapability]);
        Assert.Equal(RiskTier.Financial, tiers[BillingConnector.InvoiceCreateCapability]);
        Assert.Equal(RiskTier.Financial, tiers[BillingConnector.PaymentRecordCapability]);
        Assert.Equal(RiskTier.Financial, tiers[BillingConnector.RefundCapability]);
        Assert.Equal(RiskTier.Read, tiers[BillingConnector.BalanceCapability]);
    }

    [Fact]
    public void Constructor_MissingPath_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => new BillingConnector(new BillingConnectorOptions()));
    }
}
