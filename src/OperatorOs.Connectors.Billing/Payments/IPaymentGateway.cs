namespace OperatorOs.Connectors.Billing;

/// <summary>Moves money through a payment provider: charges a payment method and refunds a charge, each at most once per idempotency key.</summary>
/// <remarks>
/// <para>The <see cref="BillingConnector"/> calls a configured gateway inside the ledger transaction that checks the ledger's
/// rules and records the payment or refund, with the operation token as the idempotency key. A provider that honours the key
/// returns the first result again for a repeated request, so a retry or a resume after a crash never charges twice.</para>
/// <para>Implementations must be thread-safe and must not retry a request without its idempotency key.</para>
/// </remarks>
public interface IPaymentGateway
{
    /// <summary>Charges a payment method.</summary>
    /// <param name="request">What to charge, and the idempotency key.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The provider's charge.</returns>
    /// <exception cref="ConnectorException">The provider refused the charge or could not be reached.</exception>
    Task<GatewayCharge> ChargeAsync(GatewayChargeRequest request, CancellationToken cancellationToken = default);

    /// <summary>Refunds part or all of a charge.</summary>
    /// <param name="request">What to refund, and the idempotency key.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The provider's refund.</returns>
    /// <exception cref="ConnectorException">The provider refused the refund or could not be reached.</exception>
    Task<GatewayRefund> RefundAsync(GatewayRefundRequest request, CancellationToken cancellationToken = default);
}
