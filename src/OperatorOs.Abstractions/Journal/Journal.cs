namespace OperatorOs;

/// <summary>The append-only, tamper-evident log every step of the kernel writes to.</summary>
/// <remarks>
/// Implementations must be thread-safe, assign gap-free sequence numbers in append order, chain hashes with
/// <see cref="JournalChain"/>, and complete an append only once the event is durable in their medium.
/// </remarks>
public abstract class Journal
{
    /// <summary>Appends an event.</summary>
    /// <param name="entry">The event to append.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The stored event with its sequence number and hashes.</returns>
    public abstract Task<JournalEvent> AppendAsync(JournalEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Reads events in sequence order.</summary>
    /// <param name="fromSequence">The first sequence number to read.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The events from <paramref name="fromSequence"/> to the current end.</returns>
    public abstract IAsyncEnumerable<JournalEvent> ReadAsync(long fromSequence = 1, CancellationToken cancellationToken = default);

    /// <summary>Reads one stream's events in sequence order.</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The stream's events.</returns>
    public abstract IAsyncEnumerable<JournalEvent> ReadStreamAsync(string stream, CancellationToken cancellationToken = default);

    /// <summary>Verifies the whole hash chain.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The result, naming the first broken link if there is one.</returns>
    public virtual Task<JournalVerification> VerifyAsync(CancellationToken cancellationToken = default) =>
        JournalChain.VerifyAsync(ReadAsync(1, cancellationToken), JournalChain.GenesisHash, cancellationToken);
}
