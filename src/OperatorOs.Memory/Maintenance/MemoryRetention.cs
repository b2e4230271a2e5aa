using Microsoft.Extensions.Options;
using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>Applies the retention policy to memory and the journal: deletes expired records and drops expired journal payloads, keeping the hash chain verifiable.</summary>
public sealed class MemoryRetention
{
    private readonly MemoryStore _memory;
    private readonly Journal _journal;
    private readonly TimeProvider _timeProvider;
    private readonly IOptionsMonitor<MemoryRetentionOptions> _options;

    /// <summary>Initializes a new instance of the <see cref="MemoryRetention"/> class.</summary>
    /// <param name="memory">The memory store.</param>
    /// <param name="journal">The journal.</param>
    /// <param name="timeProvider">The clock that decides what has expired.</param>
    /// <param name="options">The retention policy.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public MemoryRetention(MemoryStore memory, Journal journal, TimeProvider timeProvider, IOptionsMonitor<MemoryRetentionOptions> options)
    {
        _memory = Throw.IfNull(memory);
        _journal = Throw.IfNull(journal);
        _timeProvider = Throw.IfNull(timeProvider);
        _options = Throw.IfNull(options);
    }

    /// <summary>Applies the policy once.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>What was removed.</returns>
    public async Task<RetentionReport> ApplyAsync(CancellationToken cancellationToken = default)
    {
        MemoryRetentionOptions options = _options.CurrentValue;
        DateTimeOffset now = _timeProvider.GetUtcNow();

        int facts = await PruneAsync(MemoryKind.Fact, options.Facts, supersededOnly: false, now, cancellationToken).ConfigureAwait(false);
        int context = await PruneAsync(MemoryKind.Context, options.ContextHistory, supersededOnly: true, now, cancellationToken).ConfigureAwait(false)
            + await PruneAsync(MemoryKind.Context, options.Context, supersededOnly: false, now, cancellationToken).ConfigureAwait(false);
        int signals = await PruneAsync(MemoryKind.Signal, options.Signals, supersededOnly: false, now, cancellationToken).ConfigureAwait(false);

        int payloads = 0;
        foreach (IGrouping<TimeSpan, string> types in options.JournalPayloads.GroupBy(pair => pair.Value, pair => pair.Key))
        {
            payloads += await _journal.DropPayloadsAsync(types.ToList(), now - types.Key, cancellationToken).ConfigureAwait(false);
        }

        return new RetentionReport(now, facts, context, signals, payloads);
    }

    private Task<int> PruneAsync(MemoryKind kind, TimeSpan? keep, bool supersededOnly, DateTimeOffset now, CancellationToken cancellationToken) =>
        keep is { } period
            ? _memory.PruneAsync(new MemoryPrune(kind, now - period) { SupersededOnly = supersededOnly }, cancellationToken)
            : Task.FromResult(0);
}
