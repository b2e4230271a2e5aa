namespace OperatorOs;

/// <summary>Selects memory records by entity, attribute, kind and the time they were recorded.</summary>
/// <remarks>Every criterion is optional; an empty query selects every current record. Results are ordered by recorded time, then entity, attribute and version.</remarks>
public sealed class MemoryQuery
{
    /// <summary>Gets the entity to match exactly, or <see langword="null"/> for any.</summary>
    public string? Entity { get; init; }

    /// <summary>Gets the attribute to match exactly, or <see langword="null"/> for any.</summary>
    /// <remarks>With no entity, it finds one kind of record across entities (for example every <c>deferred</c> intent) without reading the others.</remarks>
    public string? Attribute { get; init; }

    /// <summary>Gets the kind to match, or <see langword="null"/> for any.</summary>
    public MemoryKind? Kind { get; init; }

    /// <summary>Gets the earliest recorded time to include, or <see langword="null"/> for no lower bound.</summary>
    public DateTimeOffset? RecordedFrom { get; init; }

    /// <summary>Gets the recorded time to stop before (exclusive), or <see langword="null"/> for no upper bound.</summary>
    public DateTimeOffset? RecordedBefore { get; init; }

    /// <summary>Gets a value indicating whether superseded versions are included, not only current ones.</summary>
    public bool IncludeSuperseded { get; init; }

    /// <summary>Gets the most records to return, or <see langword="null"/> for all.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int? Limit
    {
        get;
        init
        {
            if (value is < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "A limit must be at least 1.");
            }

            field = value;
        }
    }

    /// <summary>Returns whether a record meets every criterion except <see cref="Limit"/>.</summary>
    /// <param name="record">The record.</param>
    /// <returns><see langword="true"/> when the record is selected.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is <see langword="null"/>.</exception>
    public bool Matches(MemoryRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return (Entity is null || string.Equals(record.Entity, Entity, StringComparison.Ordinal))
            && (Attribute is null || string.Equals(record.Attribute, Attribute, StringComparison.Ordinal))
            && (Kind is null || record.Kind == Kind)
            && (RecordedFrom is null || record.RecordedAt >= RecordedFrom)
            && (RecordedBefore is null || record.RecordedAt < RecordedBefore)
            && (IncludeSuperseded || record.IsCurrent);
    }
}
