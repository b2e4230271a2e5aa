namespace OperatorOs;

/// <summary>The operator's queue of deferred intents: work the system could not do on its own, kept so nothing is dropped.</summary>
/// <remarks>The kernel never runs a deferred intent again by itself; the operator handles it, or submits it again.</remarks>
public interface IDeferredIntents
{
    /// <summary>Lists the intents that were deferred, oldest first; an intent deferred more than once is listed once, with its latest deferral.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The deferred intents.</returns>
    Task<IReadOnlyList<DeferredIntent>> ListAsync(CancellationToken cancellationToken = default);
}
