namespace OperatorOs.Connectors.Billing;

/// <summary>Represents a charge to make through an <see cref="IPaymentGateway"/>.</summary>
/// <param name="IdempotencyKey">The key that makes a repeated request return the first result: the operation token.</param>
/// <param name="AmountMinor">The amount in minor units (cents).</param>
/// <param name="Currency">The ISO 4217 currency code, upper case.</param>
/// <param name="PaymentMethod">The provider's identifier of the payment method to charge, for example <c>pm_card_visa</c>.</param>
/// <param name="InvoiceNumber">The ledger invoice the charge pays.</param>
/// <param name="Description">A description shown by the provider, or <see langword="null"/>.</param>
public sealed record GatewayChargeRequest(string IdempotencyKey, long AmountMinor, string Currency, string PaymentMethod, string InvoiceNumber, string? Description);
