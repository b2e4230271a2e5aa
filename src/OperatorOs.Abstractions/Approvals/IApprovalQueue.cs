using System.Text.Json;

namespace OperatorOs;

/// <summary>The operator's side of approvals: list what waits, approve (optionally with corrected arguments) or reject.</summary>
/// <remarks>
/// Decisions are idempotent: approving an approved request again returns its outcome without executing twice.
/// Deciding a request the other way, or one that expired, throws <see cref="ApprovalStateException"/>.
/// </remarks>
public interface IApprovalQueue
{
    /// <summary>Lists the requests waiting for a decision, oldest first.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The pending requests.</returns>
    Task<IReadOnlyList<ApprovalRequest>> ListPendingAsync(CancellationToken cancellationToken = default);

    /// <summary>Gets a request by id.</summary>
    /// <param name="approvalId">The approval id.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The request, or <see langword="null"/> when there is none.</returns>
    Task<ApprovalRequest?> GetAsync(string approvalId, CancellationToken cancellationToken = default);

    /// <summary>Approves a request and executes its action exactly once.</summary>
    /// <param name="approvalId">The approval id.</param>
    /// <param name="decidedBy">Who approves.</param>
    /// <param name="correctedArguments">Arguments that replace the proposed ones (a correction, kept for learning), or <see langword="null"/> to approve as proposed.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The approved request with the outcome of its action.</returns>
    /// <exception cref="ApprovalNotFoundException">No request has that id.</exception>
    /// <exception cref="ApprovalStateException">The request was rejected or expired.</exception>
    Task<ApprovalRequest> ApproveAsync(string approvalId, string decidedBy, JsonElement? correctedArguments = null, CancellationToken cancellationToken = default);

    /// <summary>Rejects a request; its action is never executed.</summary>
    /// <param name="approvalId">The approval id.</param>
    /// <param name="decidedBy">Who rejects.</param>
    /// <param name="reason">Why.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The rejected request.</returns>
    /// <exception cref="ApprovalNotFoundException">No request has that id.</exception>
    /// <exception cref="ApprovalStateException">The request was approved or expired.</exception>
    Task<ApprovalRequest> RejectAsync(string approvalId, string decidedBy, string reason, CancellationToken cancellationToken = default);

    /// <summary>Streams a notification each time a request is queued or decided, from now on, until cancelled.</summary>
    /// <param name="cancellationToken">The token that ends the stream.</param>
    /// <returns>The notifications, in the order they happened.</returns>
    /// <remarks>Each watcher has its own buffer, so a slow shell misses nothing and slows nobody down.</remarks>
    IAsyncEnumerable<ApprovalNotification> WatchAsync(CancellationToken cancellationToken = default);
}
