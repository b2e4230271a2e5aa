using System.Runtime.CompilerServices;

namespace OperatorOs;

/// <summary>The append-only, tamper-evident log every step of the kernel writes to.</summary>
/// <remarks>
/// Implementations must be thread-safe, assign gap-free sequence numbers in append order, chain hashes with
/// <see cref="JournalChain"/>, and complete an append only once the event is durable in their medium.
/// </remarks>
public abstract class Journal
{
    private TaskCompletionSource _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);

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

    /// <summary>Drops the payloads of events of the given types appended before a time, keeping their hashes so the chain still verifies.</summary>
    /// <param name="types">The event types whose payloads retention removes.</param>
    /// <param name="appendedBefore">Events appended before this time are pruned.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>How many payloads were dropped.</returns>
    public abstract Task<int> DropPayloadsAsync(IReadOnlyCollection<string> types, DateTimeOffset appendedBefore, CancellationToken cancellationToken = default);

    /// <summary>Verifies the whole hash chain.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The result, naming the first broken link if there is one.</returns>
    public virtual Task<JournalVerification> VerifyAsync(CancellationToken cancellationToken = default) =>
        JournalChain.VerifyAsync(ReadAsync(1, cancellationToken), JournalChain.GenesisHash, cancellationToken);

    /// <summary>Reads events from a sequence number on, then waits for and yields new ones as they are appended, until cancelled.</summary>
    /// <param name="fromSequence">The first sequence number to read.</param>
    /// <param name="cancellationToken">The token that ends the tail.</param>
    /// <returns>The events, without end.</returns>
    /// <remarks>New events are noticed when they are appended through this instance; appends made by another process show up with the next local append.</remarks>
    public virtual async IAsyncEnumerable<JournalEvent> TailAsync(long fromSequence = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        long next = fromSequence;
        while (true)
        {
            // Take the signal before reading, so an append that lands during the read is not missed.
            Task appended = Volatile.Read(ref _appended).Task;
            await foreach (JournalEvent journalEvent in ReadAsync(next, cancellationToken).ConfigureAwait(false))
            {
                yield return journalEvent;
                next = journalEvent.Sequence + 1;
            }

            await appended.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Wakes the tails waiting for new events; implementations call it after events become durable.</summary>
    protected void OnAppended() =>
        Interlocked.Exchange(ref _appended, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
