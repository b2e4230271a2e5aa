using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>Audits memory: counts per kind and age, facts contradicted by another actor, facts revised by their author, versions without input provenance, and stale index entries.</summary>
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

        // A fact is contradicted when another actor changed what it says; a value its own author keeps revising (a counter, a
        // standing, a tally) is an update, counted apart so it does not bury the contradictions.
        var contradicted = new List<(string Key, DateTimeOffset Last)>();
        int revisedByAuthor = 0;
        foreach (IGrouping<(string Entity, string Attribute), MemoryRecord> versions in all
            .Where(record => record.Kind == MemoryKind.Fact)
            .GroupBy(record => (record.Entity, record.Attribute)))
        {
            MemoryRecord[] ordered = [.. versions.OrderBy(record => record.Version)];
            bool changed = false;
            bool byAnother = false;
            for (int i = 1; i < ordered.Length; i++)
            {
                if (!string.Equals(ordered[i].Value.GetRawText(), ordered[i - 1].Value.GetRawText(), StringComparison.Ordinal))
                {
                    changed = true;
                    byAnother |= ordered[i].Provenance.ActorKind != ordered[i - 1].Provenance.ActorKind
                        || !string.Equals(ordered[i].Provenance.Actor, ordered[i - 1].Provenance.Actor, StringComparison.Ordinal);
                }
            }

            if (byAnother)
            {
                contradicted.Add(($"{versions.Key.Entity} / {versions.Key.Attribute}", ordered[^1].RecordedAt));
            }
            else if (changed)
            {
                revisedByAuthor++;
            }
        }

        int withoutInputs = all.Count(record => record.Provenance.ActorKind != ActorKind.Operator && record.Provenance.InputReferences.Count == 0);
        int? stale = _index is null ? null : await _index.CountStaleEntriesAsync(cancellationToken).ConfigureAwait(false);
        return new MemoryAuditReport(now, kinds, [.. contradicted.OrderByDescending(c => c.Last).Select(c => c.Key)], withoutInputs, stale)
        {
            FactsRevisedByTheirAuthor = revisedByAuthor,
        };
    }
}
