using System.Runtime.CompilerServices;
using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>A journal held in process memory: hash-chained and ordered like the durable stores, lost when the process ends.</summary>
/// <remarks>Thread-safe. Appends are serialized under a lock; readers see a consistent snapshot.</remarks>
public sealed class InMemoryJournal : Journal
{
    private readonly Lock _gate = new();
    private readonly List<JournalEvent> _events = [];
    private readonly TimeProvider _timeProvider;

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
            string previous = _events.Count == 0 ? JournalChain.GenesisHash : _events[^1].Hash;
            DateTimeOffset now = _timeProvider.GetUtcNow();
            string hash = JournalChain.ComputeHash(previous, sequence, entry.Stream, entry.Type, entry.CorrelationId, now, payloadHash);
            var stored = new JournalEvent(sequence, entry.Stream, entry.Type, entry.Payload, entry.CorrelationId, now, payloadHash, previous, hash);
            _events.Add(stored);
            OnAppended();
            return Task.FromResult(stored);
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
                JournalEvent e = _events[i];
                if (e.Timestamp < appendedBefore && e.Payload.ValueKind != System.Text.Json.JsonValueKind.Undefined && types.Contains(e.Type))
                {
                    _events[i] = e with { Payload = default };
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
            _events[(int)sequence - 1] = replace(_events[(int)sequence - 1]);
        }
    }

    private List<JournalEvent> Snapshot(long fromSequence, string? stream)
    {
        lock (_gate)
        {
            var result = new List<JournalEvent>();
            for (long i = fromSequence - 1; i < _events.Count; i++)
            {
                JournalEvent e = _events[(int)i];
                if (stream is null || string.Equals(e.Stream, stream, StringComparison.Ordinal))
                {
                    result.Add(e);
                }
            }

            return result;
        }
    }
}
