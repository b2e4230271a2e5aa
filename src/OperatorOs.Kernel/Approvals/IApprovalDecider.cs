using System.Text.Json;

namespace OperatorOs;

/// <summary>Records the operator's decisions on approval requests without executing anything.</summary>
/// <remarks>
/// <para>For processes that hold no connectors, such as the operator CLI working on a host's database. A decision follows
/// exactly the rules of <see cref="IApprovalQueue"/>: a compare-and-swap on the stored status, the same journal events, a
/// correction kept as a memory fact, and the trust ladder updated. What differs is the last step: the approved action is
/// executed later, exactly once, by the approval dispatcher of a host that has the connector.</para>
/// <para>Decisions are idempotent: approving an approved request (or rejecting a rejected one) returns it unchanged. Deciding a
/// request the other way, or one that expired, throws <see cref="ApprovalStateException"/>. Thread-safe.</para>
/// </remarks>
public interface IApprovalDecider
{
    /// <summary>Approves a request, optionally with corrected arguments; the action is left for a host to execute.</summary>
    /// <param name="approvalId">The approval id.</param>
    /// <param name="decidedBy">Who approves.</param>
    /// <param name="correctedArguments">Arguments that replace the proposed ones (a correction, kept for learning), or <see langword="null"/> to approve as proposed.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The approved request; its <see cref="ApprovalRequest.Outcome"/> is set only if a host already executed it.</returns>
    /// <exception cref="ArgumentException"><paramref name="approvalId"/> or <paramref name="decidedBy"/> is null or empty.</exception>
    /// <exception cref="ApprovalNotFoundException">No request has that id.</exception>
    /// <exception cref="ApprovalStateException">The request was rejected or expired.</exception>
    /// <exception cref="InvalidProposalException">The corrected arguments are not a JSON object.</exception>
    /// <exception cref="ConnectorArgumentException">This process has the capability's connector and it refuses the corrected arguments.</exception>
    Task<ApprovalRequest> ApproveAsync(string approvalId, string decidedBy, JsonElement? correctedArguments = null, CancellationToken cancellationToken = default);

    /// <summary>Rejects a request; its action is never executed.</summary>
    /// <param name="approvalId">The approval id.</param>
    /// <param name="decidedBy">Who rejects.</param>
    /// <param name="reason">Why.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The rejected request.</returns>
    /// <exception cref="ArgumentException"><paramref name="approvalId"/> or <paramref name="decidedBy"/> is null or empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="reason"/> is <see langword="null"/>.</exception>
    /// <exception cref="ApprovalNotFoundException">No request has that id.</exception>
    /// <exception cref="ApprovalStateException">The request was approved or expired.</exception>
    Task<ApprovalRequest> RejectAsync(string approvalId, string decidedBy, string reason, CancellationToken cancellationToken = default);
}
