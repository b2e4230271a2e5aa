namespace OperatorOs.Connectors.Billing;

/// <summary>Represents a refund to make through an <see cref="IPaymentGateway"/>.</summary>
/// <param name="IdempotencyKey">The key that makes a repeated request return the first result: the operation token.</param>
/// <param name="ChargeId">The provider's identifier of the charge to refund.</param>
/// <param name="AmountMinor">The amount in minor units (cents).</param>
/// <param name="Currency">The ISO 4217 currency code, upper case.</param>
/// <param name="InvoiceNumber">The ledger invoice the refund belongs to.</param>
/// <param name="Reason">Why the refund is made, or <see langword="null"/>.</param>
public sealed record GatewayRefundRequest(string IdempotencyKey, string ChargeId, long AmountMinor, string Currency, string InvoiceNumber, string? Reason);
