namespace OperatorOs;

/// <summary>Selects memory records for retention to delete: one kind, recorded before a time, current versions included or not.</summary>
public sealed class MemoryPrune
{
    /// <summary>Initializes a new instance of the <see cref="MemoryPrune"/> class.</summary>
    /// <param name="kind">The kind of record to prune.</param>
    /// <param name="recordedBefore">Records learned before this time are pruned.</param>
    public MemoryPrune(MemoryKind kind, DateTimeOffset recordedBefore)
    {
        Kind = kind;
        RecordedBefore = recordedBefore;
    }

    /// <summary>Gets the kind of record to prune.</summary>
    public MemoryKind Kind { get; }

    /// <summary>Gets the time before which records are pruned.</summary>
    public DateTimeOffset RecordedBefore { get; }

    /// <summary>Gets a value indicating whether only superseded versions are pruned, keeping each key's current version.</summary>
    public bool SupersededOnly { get; init; }
}
