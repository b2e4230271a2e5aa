namespace OperatorOs.Connectors.Billing;

/// <summary>Represents a charge the payment provider made.</summary>
/// <param name="Id">The provider's identifier of the charge (for example a payment intent id <c>pi_…</c>).</param>
/// <param name="Status">The provider's status of the charge, for example <c>succeeded</c>.</param>
/// <param name="AmountMinor">The charged amount in minor units.</param>
/// <param name="Currency">The ISO 4217 currency code, upper case.</param>
public sealed record GatewayCharge(string Id, string Status, long AmountMinor, string Currency);
