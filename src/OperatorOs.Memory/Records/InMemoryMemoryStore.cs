using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>Versioned memory held in process memory: updates supersede, history is kept, stale writes conflict.</summary>
/// <remarks>Thread-safe. Each write and its version check happen under one lock.</remarks>
public sealed class InMemoryMemoryStore : MemoryStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Entity, string Attribute), List<MemoryRecord>> _records = [];
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new instance of the <see cref="InMemoryMemoryStore"/> class.</summary>
    /// <param name="timeProvider">The clock that stamps records, or <see langword="null"/> for the system clock.</param>
    public InMemoryMemoryStore(TimeProvider? timeProvider = null)
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc/>
    public override Task<MemoryRecord> WriteAsync(MemoryWrite write, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(write);
        cancellationToken.ThrowIfCancellationRequested();

        lock (_gate)
        {
            var key = (write.Entity, write.Attribute);
            List<MemoryRecord>? versions = _records.GetValueOrDefault(key);
            int currentVersion = versions is null ? 0 : versions[^1].Version;
            if (write.ExpectedVersion is int expected && expected != currentVersion)
            {
                throw new MemoryConflictException(write.Entity, write.Attribute, expected, currentVersion);
            }

            DateTimeOffset now = _timeProvider.GetUtcNow();
            // Without an explicit ValidFrom the update holds from now, or from where the current version starts if that is later
            // (a clock behind the writer's, e.g. a shell next to a host on another clock): it supersedes, never rewrites the past.
            DateTimeOffset validFrom = write.ValidFrom ?? (versions is not null && versions[^1].ValidFrom > now ? versions[^1].ValidFrom : now);
            if (versions is not null)
            {
                MemoryRecord current = versions[^1];
                if (validFrom < current.ValidFrom)
                {
                    throw new ArgumentException(
                        $"ValidFrom {validFrom:O} precedes the current version's ValidFrom {current.ValidFrom:O} for {write.Entity} / {write.Attribute}.",
                        nameof(write));
                }

                versions[^1] = current with { ValidTo = validFrom };
            }

            var record = new MemoryRecord(write.Entity, write.Attribute, write.Kind, write.Value, currentVersion + 1, validFrom, null, now, write.Provenance);
            if (versions is null)
            {
                _records.Add(key, [record]);
            }
            else
            {
                versions.Add(record);
            }

            return Task.FromResult(record);
        }
    }

    /// <inheritdoc/>
    public override Task<MemoryRecord?> GetAsync(string entity, string attribute, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(entity);
        _ = Throw.IfNull(attribute);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_records.TryGetValue((entity, attribute), out List<MemoryRecord>? versions) ? versions[^1] : null);
        }
    }

    /// <inheritdoc/>
    public override Task<IReadOnlyList<MemoryRecord>> GetEntityAsync(string entity, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(entity);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<MemoryRecord> current = _records
                .Where(pair => string.Equals(pair.Key.Entity, entity, StringComparison.Ordinal))
                .Select(pair => pair.Value[^1])
                .OrderBy(record => record.Attribute, StringComparer.Ordinal)
                .ToList();
            return Task.FromResult(current);
        }
    }

    /// <inheritdoc/>
    public override Task<IReadOnlyList<MemoryRecord>> GetHistoryAsync(string entity, string attribute, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(entity);
        _ = Throw.IfNull(attribute);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<MemoryRecord> history = _records.TryGetValue((entity, attribute), out List<MemoryRecord>? versions) ? versions.ToList() : [];
            return Task.FromResult(history);
        }
    }

    /// <inheritdoc/>
    public override Task<IReadOnlyList<MemoryRecord>> QueryAsync(MemoryQuery query, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(query);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IEnumerable<MemoryRecord> matches = _records.Values
                .SelectMany(versions => versions)
                .Where(query.Matches)
                .OrderBy(record => record.RecordedAt)
                .ThenBy(record => record.Entity, StringComparer.Ordinal)
                .ThenBy(record => record.Attribute, StringComparer.Ordinal)
                .ThenBy(record => record.Version);
            IReadOnlyList<MemoryRecord> result = (query.Limit is int limit ? matches.Take(limit) : matches).ToList();
            return Task.FromResult(result);
        }
    }

    /// <inheritdoc/>
    public override Task<int> PruneAsync(MemoryPrune prune, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(prune);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            int pruned = 0;
            foreach (KeyValuePair<(string Entity, string Attribute), List<MemoryRecord>> pair in _records.ToList())
            {
                List<MemoryRecord> versions = pair.Value;
                pruned += versions.RemoveAll(record =>
                    record.Kind == prune.Kind && record.RecordedAt < prune.RecordedBefore && !(prune.SupersededOnly && record.IsCurrent));
                if (versions.Count == 0)
                {
                    _records.Remove(pair.Key);
                }
            }

            return Task.FromResult(pruned);
        }
    }
}
