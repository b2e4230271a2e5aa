namespace OperatorOs.Connectors.Billing;

/// <summary>Represents a refund the payment provider made.</summary>
/// <param name="Id">The provider's identifier of the refund (for example <c>re_…</c>).</param>
/// <param name="ChargeId">The provider's identifier of the refunded charge.</param>
/// <param name="Status">The provider's status of the refund, for example <c>succeeded</c>.</param>
/// <param name="AmountMinor">The refunded amount in minor units.</param>
public sealed record GatewayRefund(string Id, string ChargeId, string Status, long AmountMinor);
