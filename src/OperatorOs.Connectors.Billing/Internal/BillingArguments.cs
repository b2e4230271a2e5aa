namespace OperatorOs.Connectors.Billing.Internal;

/// <summary>The checked arguments of one billing operation; members a capability does not take are <see langword="null"/> or 0.</summary>
/// <remarks><see cref="PaymentMethod"/> and <see cref="ChargeId"/> are given only when a payment gateway is configured.</remarks>
internal sealed record BillingArguments(
    string? CustomerId,
    string? Name,
    string? Email,
    string? InvoiceNumber,
    string? Currency,
    long AmountMinor,
    string? Note,
    string? PaymentMethod = null,
    string? ChargeId = null);
