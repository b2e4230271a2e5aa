namespace OperatorOs;

/// <summary>Reports how well agents running in shadow mode agree with the operator, per capability, with a calibrated confidence threshold.</summary>
/// <remarks>
/// A shadowed agent proposal is compared when the operator's own proposal for the same capability arrives with the same
/// correlation id (the item both acted on: the same email, the same request).
/// </remarks>
public interface IShadowAgreement
{
    /// <summary>Gets the report for an agent and a capability.</summary>
    /// <param name="agent">The agent.</param>
    /// <param name="capability">The capability.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The report; all zero before the first comparison.</returns>
    Task<ShadowAgreementReport> GetReportAsync(string agent, string capability, CancellationToken cancellationToken = default);

    /// <summary>Lists the reports of an agent, one per capability compared so far.</summary>
    /// <param name="agent">The agent.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The reports.</returns>
    Task<IReadOnlyList<ShadowAgreementReport>> ListReportsAsync(string agent, CancellationToken cancellationToken = default);
}
