using System.Runtime.CompilerServices;

namespace OperatorOs;

/// <summary>The append-only, tamper-evident log every step of the kernel writes to.</summary>
/// <remarks>
/// Implementations must be thread-safe, assign gap-free sequence numbers in append order, chain hashes with
/// <see cref="JournalChain"/>, and complete an append only once the event is durable in their medium.
/// </remarks>
public abstract class Journal
{
    // Created only while a tail waits, so an append with nobody tailing allocates nothing to signal it.
    private TaskCompletionSource? _appended;

    /// <summary>Appends an event.</summary>
    /// <param name="entry">The event to append.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The stored event with its sequence number and hashes.</returns>
    public abstract Task<JournalEvent> AppendAsync(JournalEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Appends an event whose payload is already in canonical form, without parsing it or building the stored event.</summary>
    /// <param name="stream">The stream the event belongs to.</param>
    /// <param name="type">The event type.</param>
    /// <param name="canonicalPayload">The payload as compact UTF-8 JSON in the canonical form: the bytes <see cref="JournalChain.SerializePayload"/>
    /// gives for their own parse. Or empty for no payload. The journal reads it only during this call, so the caller may reuse the buffer as
    /// soon as the call returns.</param>
    /// <param name="correlationId">The correlation id that ties the event to an intent, if any.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The event's sequence number, once the event is durable.</returns>
    /// <remarks>
    /// For writers that build payloads with a <see cref="System.Text.Json.Utf8JsonWriter"/> on a hot path: the bytes are hashed and stored as
    /// they are. A writer with default options writes canonical JSON, except through its DateTimeOffset, DateTime and Guid overloads, which
    /// leave characters unescaped (the '+' of an offset) that a string written back from the parsed payload escapes: write such values as
    /// strings. Bytes that are not canonical (those, indented or raw JSON) are stored all the same, but the event then fails verification
    /// wherever its payload is hashed as read (<see cref="JournalChain.VerifyAsync"/>).
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="stream"/> or <paramref name="type"/> is null or empty, a name contains a control character or a lone surrogate, or <paramref name="canonicalPayload"/> is not one well-formed JSON value.</exception>
    public ValueTask<long> AppendAsync(string stream, string type, ReadOnlyMemory<byte> canonicalPayload, string? correlationId = null, CancellationToken cancellationToken = default)
    {
        JournalEntry.CheckNames(stream, type, correlationId);
        CheckWellFormed(canonicalPayload.Span);
        cancellationToken.ThrowIfCancellationRequested();
        return AppendCanonicalAsync(stream, type, canonicalPayload, correlationId, cancellationToken);
    }

    /// <summary>Appends a payload a validating <see cref="System.Text.Json.Utf8JsonWriter"/> of this process wrote in canonical form: well-formed by
    /// construction, so the reader pass of the public overload is not repeated (on a flow's hot path it cost as much as hashing the event).</summary>
    internal ValueTask<long> AppendWrittenAsync(string stream, string type, ReadOnlyMemory<byte> canonicalPayload, string? correlationId, CancellationToken cancellationToken)
    {
        JournalEntry.CheckNames(stream, type, correlationId);
        cancellationToken.ThrowIfCancellationRequested();
        return AppendCanonicalAsync(stream, type, canonicalPayload, correlationId, cancellationToken);
    }

    // One forward pass of a reader, no allocation: bytes that are not JSON at all would make the stored event unreadable.
    private static void CheckWellFormed(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return;
        }

        var reader = new System.Text.Json.Utf8JsonReader(payload);
        try
        {
            while (reader.Read())
            {
            }
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new ArgumentException($"The payload is not well-formed JSON at byte {reader.BytesConsumed}: {ex.Message}", "canonicalPayload", ex);
        }
    }

    /// <summary>Appends an event whose names were checked and whose payload is in canonical form; see <see cref="AppendAsync(string, string, ReadOnlyMemory{byte}, string?, CancellationToken)"/>.</summary>
    /// <param name="stream">The stream the event belongs to.</param>
    /// <param name="type">The event type.</param>
    /// <param name="canonicalPayload">The canonical payload, or empty for none; read only during this call.</param>
    /// <param name="correlationId">The correlation id, if any.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The event's sequence number, once the event is durable.</returns>
    /// <remarks>The default implementation parses the payload and calls <see cref="AppendAsync(JournalEntry, CancellationToken)"/>; stores override it to keep the bytes as they are.</remarks>
    protected virtual ValueTask<long> AppendCanonicalAsync(string stream, string type, ReadOnlyMemory<byte> canonicalPayload, string? correlationId, CancellationToken cancellationToken)
    {
        System.Text.Json.JsonElement payload = canonicalPayload.IsEmpty ? default : System.Text.Json.JsonElement.Parse(canonicalPayload.Span);
        Task<JournalEvent> appended = AppendAsync(new JournalEntry(stream, type, payload, correlationId), cancellationToken);
        return appended.IsCompletedSuccessfully ? new ValueTask<long>(appended.Result.Sequence) : AwaitSequenceAsync(appended);

        static async ValueTask<long> AwaitSequenceAsync(Task<JournalEvent> appended) => (await appended.ConfigureAwait(false)).Sequence;
    }

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
            Task appended = AppendedSignal();
            await foreach (JournalEvent journalEvent in ReadAsync(next, cancellationToken).ConfigureAwait(false))
            {
                yield return journalEvent;
                next = journalEvent.Sequence + 1;
            }

            await appended.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Wakes the tails waiting for new events; implementations call it after events become durable.</summary>
    protected void OnAppended() => Interlocked.Exchange(ref _appended, null)?.TrySetResult();

    // The signal the next append completes: the waiting one, or a new one published for the appenders to find.
    private Task AppendedSignal()
    {
        while (true)
        {
            if (Volatile.Read(ref _appended) is { } waiting)
            {
                return waiting.Task;
            }

            var created = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (Interlocked.CompareExchange(ref _appended, created, null) is null)
            {
                return created.Task;
            }
        }
    }
}
