namespace OperatorOs;

/// <summary>Stores approval requests durably; the kernel's approval queue is built on it.</summary>
/// <remarks>Implementations must be thread-safe and make <see cref="TryUpdateAsync"/> atomic: it is how two concurrent decisions are kept from both winning.</remarks>
public abstract class ApprovalStore
{
    /// <summary>Adds a new request.</summary>
    /// <param name="request">The request, normally <see cref="ApprovalStatus.Pending"/>.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes once the request is stored.</returns>
    /// <exception cref="InvalidOperationException">A request with the same id exists.</exception>
    public abstract Task AddAsync(ApprovalRequest request, CancellationToken cancellationToken = default);

    /// <summary>Gets a request by id.</summary>
    /// <param name="id">The approval id.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The request, or <see langword="null"/> when there is none with that id.</returns>
    public abstract Task<ApprovalRequest?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Lists requests with a given status, oldest first.</summary>
    /// <param name="status">The status to list.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The requests.</returns>
    public abstract Task<IReadOnlyList<ApprovalRequest>> ListAsync(ApprovalStatus status, CancellationToken cancellationToken = default);

    /// <summary>Replaces a request if its stored status is still <paramref name="expectedStatus"/>.</summary>
    /// <param name="updated">The new state of the request.</param>
    /// <param name="expectedStatus">The status the caller read before deciding.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns><see langword="true"/> when the request was replaced; <see langword="false"/> when someone else changed it first.</returns>
    public abstract Task<bool> TryUpdateAsync(ApprovalRequest updated, ApprovalStatus expectedStatus, CancellationToken cancellationToken = default);
}
