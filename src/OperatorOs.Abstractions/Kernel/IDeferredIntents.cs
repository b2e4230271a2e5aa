namespace OperatorOs;

/// <summary>The operator's queue of deferred intents: work the system could not do on its own, kept so nothing is dropped.</summary>
/// <remarks>The kernel never runs a deferred intent again by itself; the operator handles it (and resolves it here), or submits it again.</remarks>
public interface IDeferredIntents
{
    /// <summary>Lists the intents that were deferred, oldest first; an intent deferred more than once is listed once, with its latest deferral.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The deferred intents.</returns>
    Task<IReadOnlyList<DeferredIntent>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Takes an intent off the queue once the operator has handled it; the deferral stays in memory's history with who resolved it.</summary>
    /// <param name="intentId">The intent id.</param>
    /// <param name="resolvedBy">Who handled it.</param>
    /// <param name="note">What was done, if anything is worth keeping.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The intent as it waited, or <see langword="null"/> when it does not wait (never deferred, or already resolved).</returns>
    /// <exception cref="ArgumentException"><paramref name="intentId"/> or <paramref name="resolvedBy"/> is null or blank.</exception>
    Task<DeferredIntent?> ResolveAsync(string intentId, string resolvedBy, string? note = null, CancellationToken cancellationToken = default);
}
