using System.Text.Json;

namespace OperatorOs.Connectors.Billing.Internal;

/// <summary>Builds the descriptors of the Billing capabilities, with their argument schemas.</summary>
internal static class BillingCapabilities
{
    private const string CustomerIdSchema = """{ "type": "string", "minLength": 1, "maxLength": 100, "description": "The customer's identifier: printable ASCII without spaces." }""";
    private const string InvoiceNumberSchema = """{ "type": "string", "pattern": "^[0-9]{4}-[0-9]{6,}$", "description": "An invoice number such as 2026-000001." }""";
    private const string CurrencySchema = """{ "type": "string", "pattern": "^[A-Z]{3}$", "description": "An ISO 4217 currency code such as EUR." }""";
    private const string PaymentMethodSchema = """{ "type": "string", "minLength": 1, "maxLength": 100, "description": "The payment gateway's identifier of the payment method to charge, such as pm_card_visa." }""";
    private const string ChargeIdSchema = """{ "type": "string", "minLength": 1, "maxLength": 100, "description": "The payment gateway's identifier of the charge to refund; by default the latest charge of the invoice with enough left to refund." }""";
    private const string AmountSchema = """{ "type": ["number", "string"], "description": "A positive amount with at most 2 decimal places, as a number or a decimal string such as \"12.50\"." }""";

    /// <summary>Creates the descriptors; a read-only connector offers only <c>billing.balance</c>. With a payment gateway, payments
    /// charge a payment method (<c>paymentMethod</c> is required) and refunds go back to a charge (<c>chargeId</c> is optional).</summary>
    public static IReadOnlyList<CapabilityDescriptor> Create(bool readOnly, bool hasGateway)
    {
        var capabilities = new List<CapabilityDescriptor>
        {
            new(
                BillingConnector.BalanceCapability,
                "Returns the invoiced, paid, refunded and outstanding amounts of one invoice (invoiceNumber) or, per currency, of one customer (customerId).",
                RiskTier.Read,
                Schema($$"""
                    { "type": "object",
                      "properties": { "customerId": {{CustomerIdSchema}}, "invoiceNumber": {{InvoiceNumberSchema}} },
                      "oneOf": [ { "required": ["customerId"] }, { "required": ["invoiceNumber"] } ],
                      "additionalProperties": false }
                    """)),
        };

        if (!readOnly)
        {
            capabilities.Add(new(
                BillingConnector.CustomerUpsertCapability,
                "Creates a customer or updates its name and email. Returns customerId, name, email and created.",
                RiskTier.Internal,
                Schema($$"""
                    { "type": "object",
                      "properties": { "customerId": {{CustomerIdSchema}}, "name": { "type": "string", "minLength": 1 }, "email": { "type": "string" } },
                      "required": ["customerId", "name"], "additionalProperties": false }
                    """)));
            capabilities.Add(new(
                BillingConnector.InvoiceCreateCapability,
                "Issues an invoice to an existing customer with the next gap-free number of the year (yyyy-nnnnnn). Returns invoiceNumber, customerId, currency, amount and issuedAt.",
                RiskTier.Financial,
                Schema($$"""
                    { "type": "object",
                      "properties": { "customerId": {{CustomerIdSchema}}, "currency": {{CurrencySchema}}, "amount": {{AmountSchema}}, "description": { "type": "string" } },
                      "required": ["customerId", "currency", "amount"], "additionalProperties": false }
                    """)));
            capabilities.Add(hasGateway
                ? new(
                    BillingConnector.PaymentRecordCapability,
                    "Charges a payment method through the payment gateway and records the payment against an invoice, in the invoice's currency, up to what is outstanding. Returns invoiceNumber, currency, amount, gatewayId and the invoice's balance.",
                    RiskTier.Financial,
                    Schema($$"""
                        { "type": "object",
                          "properties": { "invoiceNumber": {{InvoiceNumberSchema}}, "currency": {{CurrencySchema}}, "amount": {{AmountSchema}}, "paymentMethod": {{PaymentMethodSchema}}, "reference": { "type": "string" } },
                          "required": ["invoiceNumber", "currency", "amount", "paymentMethod"], "additionalProperties": false }
                        """))
                : new(
                    BillingConnector.PaymentRecordCapability,
                    "Records a payment against an invoice, in the invoice's currency, up to what is outstanding. Returns invoiceNumber, currency, amount and the invoice's balance.",
                    RiskTier.Financial,
                    Schema($$"""
                        { "type": "object",
                          "properties": { "invoiceNumber": {{InvoiceNumberSchema}}, "currency": {{CurrencySchema}}, "amount": {{AmountSchema}}, "reference": { "type": "string" } },
                          "required": ["invoiceNumber", "currency", "amount"], "additionalProperties": false }
                        """)));
            capabilities.Add(hasGateway
                ? new(
                    BillingConnector.RefundCapability,
                    "Refunds part or all of one gateway charge of an invoice (chargeId, or the latest charge with enough left), never more than was paid minus earlier refunds. Returns invoiceNumber, currency, amount, gatewayId, chargeId and the invoice's balance.",
                    RiskTier.Financial,
                    Schema($$"""
                        { "type": "object",
                          "properties": { "invoiceNumber": {{InvoiceNumberSchema}}, "currency": {{CurrencySchema}}, "amount": {{AmountSchema}}, "chargeId": {{ChargeIdSchema}}, "reason": { "type": "string" } },
                          "required": ["invoiceNumber", "currency", "amount"], "additionalProperties": false }
                        """))
                : new(
                    BillingConnector.RefundCapability,
                    "Refunds part or all of what was paid on an invoice, never more than was paid minus earlier refunds. Returns invoiceNumber, currency, amount and the invoice's balance.",
                    RiskTier.Financial,
                    Schema($$"""
                        { "type": "object",
                          "properties": { "invoiceNumber": {{InvoiceNumberSchema}}, "currency": {{CurrencySchema}}, "amount": {{AmountSchema}}, "reason": { "type": "string" } },
                          "required": ["invoiceNumber", "currency", "amount"], "additionalProperties": false }
                        """)));
        }

        return capabilities.AsReadOnly();
    }

    private static JsonElement Schema(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
