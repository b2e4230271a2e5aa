using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>A journal held in process memory: hash-chained and ordered like the durable stores, lost when the process ends.</summary>
/// <remarks>
/// <para>Thread-safe. Appends are serialized under a lock; readers see a consistent snapshot.</para>
/// <para>An event appended in canonical form (<see cref="Journal.AppendAsync(string, string, ReadOnlyMemory{byte}, string?, CancellationToken)"/>)
/// is kept as its bytes and raw hashes; the <see cref="JournalEvent"/> (parsed payload, hex hashes) is built the first time it is read.</para>
/// </remarks>
public sealed class InMemoryJournal : Journal
{
    private readonly Lock _gate = new();
    private readonly List<Stored> _events = [];
    private readonly TimeProvider _timeProvider;
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
                return _events.Count;
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
            long sequence = _events.Count + 1;
            string previous = _events.Count == 0 ? JournalChain.GenesisHash : _events[^1].Event?.Hash ?? Convert.ToHexStringLower(_head);
            DateTimeOffset now = _timeProvider.GetUtcNow();
            string hash = JournalChain.ComputeHash(previous, sequence, entry.Stream, entry.Type, entry.CorrelationId, now, payloadHash);
            var stored = new JournalEvent(sequence, entry.Stream, entry.Type, entry.Payload, entry.CorrelationId, now, payloadHash, previous, hash);
            var record = new Stored(sequence, entry.Stream, entry.Type, entry.CorrelationId, now) { Event = stored };
            _ = Convert.FromHexString(hash, record.Hash, out _, out _);
            _ = Convert.FromHexString(payloadHash, record.PayloadHash, out _, out _);
            _events.Add(record);
            _head = record.Hash;
            OnAppended();
            return Task.FromResult(stored);
        }
    }

    /// <inheritdoc/>
    protected override ValueTask<long> AppendCanonicalAsync(string stream, string type, ReadOnlyMemory<byte> canonicalPayload, string? correlationId, CancellationToken cancellationToken)
    {
        ReadOnlySpan<byte> payload = canonicalPayload.Span;
        RawHash payloadHash = default;
        SHA256.HashData(payload, payloadHash);
        byte[]? kept = payload.IsEmpty ? null : payload.ToArray();
        lock (_gate)
        {
            long sequence = _events.Count + 1;
            DateTimeOffset now = _timeProvider.GetUtcNow();
            var record = new Stored(sequence, stream, type, correlationId, now) { Payload = kept, PayloadHash = payloadHash };
            JournalChain.ComputeHash(_head, sequence, stream, type, correlationId, now, payloadHash, record.Hash);
            _events.Add(record);
            _head = record.Hash;
            OnAppended();
            return new ValueTask<long>(sequence);
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
            for (int i = 0; i < _events.Count; i++)
            {
                Stored e = _events[i];
                if (e.Timestamp < appendedBefore && e.HasPayload && types.Contains(e.Type))
                {
                    e.Payload = null;
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
            Stored stored = _events[(int)sequence - 1];
            JournalEvent tampered = replace(Materialize((int)sequence - 1));
            stored.Event = tampered;
            stored.Payload = null;
        }
    }

    private List<JournalEvent> Snapshot(long fromSequence, string? stream)
    {
        lock (_gate)
        {
            var result = new List<JournalEvent>();
            for (long i = fromSequence - 1; i < _events.Count; i++)
            {
                if (stream is null || string.Equals(_events[(int)i].Stream, stream, StringComparison.Ordinal))
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
        Stored stored = _events[index];
        if (stored.Event is { } materialized)
        {
            return materialized;
        }

        JsonElement payload = stored.Payload is { } bytes ? JsonElement.Parse(bytes) : default;
        string previous = index == 0 ? JournalChain.GenesisHash : Convert.ToHexStringLower(_events[index - 1].Hash);
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
        stored.Payload = null;
        return stored.Event;
    }

    private sealed class Stored(long sequence, string stream, string type, string? correlationId, DateTimeOffset timestamp)
    {
        public long Sequence { get; } = sequence;

        public string Stream { get; } = stream;

        public string Type { get; } = type;

        public string? CorrelationId { get; } = correlationId;

        public DateTimeOffset Timestamp { get; } = timestamp;

        /// <summary>Gets or sets the canonical payload of an event appended as bytes and not read yet.</summary>
        public byte[]? Payload { get; set; }

        public RawHash PayloadHash;

        public RawHash Hash;

        /// <summary>Gets or sets the event as readers see it, once built.</summary>
        public JournalEvent? Event { get; set; }

        public bool HasPayload => Payload is not null || Event is { Payload.ValueKind: not JsonValueKind.Undefined };
    }

    [InlineArray(JournalChain.HashSizeInBytes)]
    private struct RawHash
    {
        private byte _first;
    }
}
