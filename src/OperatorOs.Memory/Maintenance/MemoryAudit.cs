using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>Audits memory: counts per kind and age, facts contradicted by later versions, versions without input provenance, and stale index entries.</summary>
public sealed class MemoryAudit
{
    private static readonly (string Name, TimeSpan Age)[] AgeBuckets =
    [
        ("1d", TimeSpan.FromDays(1)),
        ("7d", TimeSpan.FromDays(7)),
        ("30d", TimeSpan.FromDays(30)),
        ("90d", TimeSpan.FromDays(90)),
    ];

    private readonly MemoryStore _memory;
    private readonly TimeProvider _timeProvider;
    private readonly MemoryIndex? _index;

    /// <summary>Initializes a new instance of the <see cref="MemoryAudit"/> class.</summary>
    /// <param name="memory">The memory to audit.</param>
    /// <param name="timeProvider">The clock ages are measured against.</param>
    /// <param name="index">The index to check for stale entries, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="memory"/> or <paramref name="timeProvider"/> is <see langword="null"/>.</exception>
    public MemoryAudit(MemoryStore memory, TimeProvider timeProvider, MemoryIndex? index = null)
    {
        _memory = Throw.IfNull(memory);
        _timeProvider = Throw.IfNull(timeProvider);
        _index = index;
    }

    /// <summary>Runs the audit.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The report.</returns>
    public async Task<MemoryAuditReport> RunAsync(CancellationToken cancellationToken = default)
    {
        DateTimeOffset now = _timeProvider.GetUtcNow();
        IReadOnlyList<MemoryRecord> all = await _memory.QueryAsync(new MemoryQuery { IncludeSuperseded = true }, cancellationToken).ConfigureAwait(false);

        var kinds = new Dictionary<MemoryKind, MemoryKindAudit>();
        foreach (MemoryKind kind in Enum.GetValues<MemoryKind>())
        {
            List<MemoryRecord> ofKind = all.Where(record => record.Kind == kind).ToList();
            var byAge = AgeBuckets.Select(bucket => bucket.Name).Append("older").ToDictionary(name => name, _ => 0, StringComparer.Ordinal);
            foreach (MemoryRecord current in ofKind.Where(record => record.IsCurrent))
            {
                TimeSpan age = now - current.RecordedAt;
                string bucket = AgeBuckets.FirstOrDefault(b => age < b.Age).Name ?? "older";
                byAge[bucket]++;
            }

            kinds[kind] = new MemoryKindAudit(ofKind.Count(record => record.IsCurrent), ofKind.Count(record => !record.IsCurrent), byAge);
        }

        List<string> contradicted = all
            .Where(record => record.Kind == MemoryKind.Fact)
            .GroupBy(record => (record.Entity, record.Attribute))
            .Where(versions => versions.Select(record => record.Value.GetRawText()).Distinct(StringComparer.Ordinal).Count() > 1)
            .OrderByDescending(versions => versions.Max(record => record.RecordedAt))
            .Select(versions => $"{versions.Key.Entity} / {versions.Key.Attribute}")
            .ToList();

        int withoutInputs = all.Count(record => record.Provenance.ActorKind != ActorKind.Operator && record.Provenance.InputReferences.Count == 0);
        int? stale = _index is null ? null : await _index.CountStaleEntriesAsync(cancellationToken).ConfigureAwait(false);
        return new MemoryAuditReport(now, kinds, contradicted, withoutInputs, stale);
    }
}
