using System.Collections.Concurrent;
using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>Approval requests held in process memory.</summary>
/// <remarks>Thread-safe; <see cref="TryUpdateAsync"/> is an atomic compare-and-swap on the stored status.</remarks>
public sealed class InMemoryApprovalStore : ApprovalStore
{
    private readonly ConcurrentDictionary<string, ApprovalRequest> _requests = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public override Task AddAsync(ApprovalRequest request, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_requests.TryAdd(request.Id, request))
        {
            throw new InvalidOperationException($"An approval request with id '{request.Id}' already exists.");
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public override Task<ApprovalRequest?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(id);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_requests.TryGetValue(id, out ApprovalRequest? request) ? request : null);
    }

    /// <inheritdoc/>
    public override Task<IReadOnlyList<ApprovalRequest>> ListAsync(ApprovalStatus status, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        IReadOnlyList<ApprovalRequest> list = _requests.Values
            .Where(request => request.Status == status)
            .OrderBy(request => request.CreatedAt)
            .ThenBy(request => request.Id, StringComparer.Ordinal)
            .ToList();
        return Task.FromResult(list);
    }

    /// <inheritdoc/>
    public override Task<bool> TryUpdateAsync(ApprovalRequest updated, ApprovalStatus expectedStatus, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(updated);
        cancellationToken.ThrowIfCancellationRequested();
        while (_requests.TryGetValue(updated.Id, out ApprovalRequest? stored))
        {
            if (stored.Status != expectedStatus)
            {
                return Task.FromResult(false);
            }

            if (_requests.TryUpdate(updated.Id, updated, stored))
            {
                return Task.FromResult(true);
            }
        }

        return Task.FromResult(false);
    }
}
