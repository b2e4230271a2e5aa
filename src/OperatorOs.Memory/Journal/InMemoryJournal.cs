using System.Runtime.CompilerServices;
using System.Text.Json;
using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>A journal held in process memory: hash-chained and ordered like the durable stores, lost when the process ends.</summary>
/// <remarks>
/// <para>Thread-safe. Appends are serialized under a lock; readers see a consistent snapshot.</para>
/// <para>An event appended in canonical form (<see cref="Journal.AppendAsync(string, string, ReadOnlyMemory{byte}, string?, CancellationToken)"/>)
/// is kept as its bytes (in shared chunks) and raw hashes, in blocks of plain entries: no object per event for the garbage collector
/// to trace. The <see cref="JournalEvent"/> (parsed payload, hex hashes) is built the first time the event is read.</para>
/// </remarks>
public sealed class InMemoryJournal : Journal
{
    // Below the large object heap's threshold (85,000 bytes), whose allocations count towards full collections: 128 entries of
    // about 140 bytes, and 16 KiB of payloads.
    private const int BlockSize = 128;
    private const int ChunkSize = 16 * 1024;

    private readonly Lock _gate = new();
    private readonly List<Entry[]> _blocks = [];
    private readonly List<byte[]> _chunks = [];
    private readonly TimeProvider _timeProvider;
    private int _count;
    private int _shared;
    private int _chunkUsed = ChunkSize;
    private RawHash _head;

    /// <summary>Initializes a new instance of the <see cref="InMemoryJournal"/> class.</summary>
    /// <param name="timeProvider">The clock that stamps events, or <see langword="null"/> for the system clock.</param>
    public InMemoryJournal(TimeProvider? timeProvider = null)
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Gets the number of events in the journal.</summary>
    public long Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <inheritdoc/>
    public override Task<JournalEvent> AppendAsync(JournalEntry entry, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(entry);
        cancellationToken.ThrowIfCancellationRequested();

        string payloadHash = JournalChain.ComputePayloadHash(entry.Payload);
        lock (_gate)
        {
            long sequence = _count + 1;
            string previous = _count == 0 ? JournalChain.GenesisHash : At(_count - 1).Event?.Hash ?? Convert.ToHexStringLower(_head);
            DateTimeOffset now = _timeProvider.GetUtcNow();
            string hash = JournalChain.ComputeHash(previous, sequence, entry.Stream, entry.Type, entry.CorrelationId, now, payloadHash);
            var stored = new JournalEvent(sequence, entry.Stream, entry.Type, entry.Payload, entry.CorrelationId, now, payloadHash, previous, hash);
            ref Entry added = ref Add(entry.Stream, entry.Type, entry.CorrelationId, now);
            added.Event = stored;
            _ = Convert.FromHexString(hash, added.Hash, out _, out _);
            _ = Convert.FromHexString(payloadHash, added.PayloadHash, out _, out _);
            _head = added.Hash;
            OnAppended();
            return Task.FromResult(stored);
        }
    }

    /// <inheritdoc/>
    protected override ValueTask<long> AppendCanonicalAsync(string stream, string type, ReadOnlyMemory<byte> canonicalPayload, string? correlationId, CancellationToken cancellationToken)
    {
        ReadOnlySpan<byte> payload = canonicalPayload.Span;
        RawHash payloadHash = default;
        JournalChain.HashCanonicalPayload(payload, payloadHash);
        lock (_gate)
        {
            DateTimeOffset now = _timeProvider.GetUtcNow();
            ref Entry added = ref Add(stream, type, correlationId, now);
            added.PayloadHash = payloadHash;
            if (!payload.IsEmpty)
            {
                (added.Chunk, added.Offset) = Keep(payload);
                added.Length = payload.Length;
            }

            JournalChain.ComputeHash(_head, _count, stream, type, correlationId, now, payloadHash, added.Hash);
            _head = added.Hash;
            OnAppended();
            return new ValueTask<long>(_count);
        }
    }

    /// <inheritdoc/>
    public override async IAsyncEnumerable<JournalEvent> ReadAsync(long fromSequence = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fromSequence, 1);
        foreach (JournalEvent e in Snapshot(fromSequence, stream: null))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return e;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override async IAsyncEnumerable<JournalEvent> ReadStreamAsync(string stream, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNullOrWhitespace(stream);
        foreach (JournalEvent e in Snapshot(1, stream))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return e;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override Task<int> DropPayloadsAsync(IReadOnlyCollection<string> types, DateTimeOffset appendedBefore, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(types);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            int dropped = 0;
            for (int i = 0; i < _count; i++)
            {
                ref Entry e = ref At(i);
                if (e.Timestamp < appendedBefore && e.HasPayload && types.Contains(e.Type))
                {
                    // The bytes stay in their chunk until the process ends; the event no longer shows them.
                    e.Length = 0;
                    e.Event = e.Event is { } materialized ? materialized with { Payload = default } : null;
                    dropped++;
                }
            }

            return Task.FromResult(dropped);
        }
    }

    /// <summary>Replaces a stored event, simulating tampering with the medium; for tests of <see cref="Journal.VerifyAsync"/>.</summary>
    /// <param name="sequence">The sequence of the event to replace.</param>
    /// <param name="replace">Produces the tampered event from the stored one.</param>
    internal void Tamper(long sequence, Func<JournalEvent, JournalEvent> replace)
    {
        lock (_gate)
        {
            JournalEvent tampered = replace(Materialize((int)sequence - 1));
            ref Entry stored = ref At((int)sequence - 1);
            stored.Event = tampered;
            stored.Length = 0;
        }
    }

    private ref Entry At(int index) => ref _blocks[index / BlockSize][index % BlockSize];

    // Called under the lock.
    private ref Entry Add(string stream, string type, string? correlationId, DateTimeOffset timestamp)
    {
        if (_count % BlockSize == 0)
        {
            _blocks.Add(new Entry[BlockSize]);
        }

        ref Entry entry = ref At(_count);
        _count++;
        entry.Sequence = _count;
        entry.Stream = stream;
        entry.Type = type;
        entry.CorrelationId = correlationId;
        entry.Timestamp = timestamp;
        return ref entry;
    }

    // Called under the lock: copies a payload into the shared chunk being filled, or into an array of its own when it is large.
    private (int Chunk, int Offset) Keep(ReadOnlySpan<byte> payload)
    {
        if (payload.Length > ChunkSize / 4)
        {
            _chunks.Add(payload.ToArray());
            return (_chunks.Count - 1, 0);
        }

        if (ChunkSize - _chunkUsed < payload.Length)
        {
            _chunks.Add(new byte[ChunkSize]);
            _shared = _chunks.Count - 1;
            _chunkUsed = 0;
        }

        int offset = _chunkUsed;
        payload.CopyTo(_chunks[_shared].AsSpan(offset));
        _chunkUsed += payload.Length;
        return (_shared, offset);
    }

    private List<JournalEvent> Snapshot(long fromSequence, string? stream)
    {
        lock (_gate)
        {
            var result = new List<JournalEvent>();
            for (long i = fromSequence - 1; i < _count; i++)
            {
                if (stream is null || string.Equals(At((int)i).Stream, stream, StringComparison.Ordinal))
                {
                    result.Add(Materialize((int)i));
                }
            }

            return result;
        }
    }

    // Called under the lock: builds (once) the event as readers see it.
    private JournalEvent Materialize(int index)
    {
        ref Entry stored = ref At(index);
        if (stored.Event is { } materialized)
        {
            return materialized;
        }

        JsonElement payload = stored.Length > 0 ? JsonElement.Parse(_chunks[stored.Chunk].AsSpan(stored.Offset, stored.Length)) : default;
        string previous = index == 0 ? JournalChain.GenesisHash : Convert.ToHexStringLower(At(index - 1).Hash);
        stored.Event = new JournalEvent(
            stored.Sequence,
            stored.Stream,
            stored.Type,
            payload,
            stored.CorrelationId,
            stored.Timestamp,
            Convert.ToHexStringLower(stored.PayloadHash),
            previous,
            Convert.ToHexStringLower(stored.Hash));
        return stored.Event;
    }

    private struct Entry
    {
        public long Sequence;
        public string Stream;
        public string Type;
        public string? CorrelationId;
        public DateTimeOffset Timestamp;

        /// <summary>The chunk, offset and length of a payload appended as bytes; a length of 0 is no payload (none, dropped, or held by <see cref="Event"/>).</summary>
        public int Chunk;
        public int Offset;
        public int Length;
        public RawHash PayloadHash;
        public RawHash Hash;

        /// <summary>The event as readers see it, once built (or as appended as an entry).</summary>
        public JournalEvent? Event;

        public readonly bool HasPayload => Length > 0 || Event is { Payload.ValueKind: not JsonValueKind.Undefined };
    }

    [InlineArray(JournalChain.HashSizeInBytes)]
    private struct RawHash
    {
        private byte _first;
    }
}
