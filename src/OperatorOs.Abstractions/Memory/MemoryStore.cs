namespace OperatorOs;

/// <summary>The canonical, versioned memory: every update supersedes the current version and keeps it in history.</summary>
/// <remarks>Implementations must be thread-safe and make each write atomic with its version check.</remarks>
public abstract class MemoryStore
{
    /// <summary>Writes a new version of an entity's attribute, closing the current version.</summary>
    /// <param name="write">The change.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The new current record.</returns>
    /// <exception cref="MemoryConflictException"><see cref="MemoryWrite.ExpectedVersion"/> is not the current version; nothing was written.</exception>
    public abstract Task<MemoryRecord> WriteAsync(MemoryWrite write, CancellationToken cancellationToken = default);

    /// <summary>Gets the current version of an entity's attribute.</summary>
    /// <param name="entity">The entity.</param>
    /// <param name="attribute">The attribute.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The current record, or <see langword="null"/> when memory holds none.</returns>
    public abstract Task<MemoryRecord?> GetAsync(string entity, string attribute, CancellationToken cancellationToken = default);

    /// <summary>Gets the current version of every attribute of an entity.</summary>
    /// <param name="entity">The entity.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The current records, ordered by attribute.</returns>
    public abstract Task<IReadOnlyList<MemoryRecord>> GetEntityAsync(string entity, CancellationToken cancellationToken = default);

    /// <summary>Gets every version of an entity's attribute, oldest first.</summary>
    /// <param name="entity">The entity.</param>
    /// <param name="attribute">The attribute.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The versions.</returns>
    public abstract Task<IReadOnlyList<MemoryRecord>> GetHistoryAsync(string entity, string attribute, CancellationToken cancellationToken = default);

    /// <summary>Finds records by entity, kind and recorded time.</summary>
    /// <param name="query">The criteria.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The matching records, ordered by recorded time, then entity, attribute and version.</returns>
    public abstract Task<IReadOnlyList<MemoryRecord>> QueryAsync(MemoryQuery query, CancellationToken cancellationToken = default);

    /// <summary>Deletes the records a retention rule selects; what is deleted is gone from history too.</summary>
    /// <param name="prune">Which records.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>How many record versions were deleted.</returns>
    public abstract Task<int> PruneAsync(MemoryPrune prune, CancellationToken cancellationToken = default);

    /// <summary>Gets the version of an entity's attribute that was true at a past time.</summary>
    /// <param name="entity">The entity.</param>
    /// <param name="attribute">The attribute.</param>
    /// <param name="validAt">The time the value should have been true.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The version whose validity interval contains <paramref name="validAt"/>, or <see langword="null"/>.</returns>
    public virtual async Task<MemoryRecord?> GetAsOfAsync(string entity, string attribute, DateTimeOffset validAt, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<MemoryRecord> history = await GetHistoryAsync(entity, attribute, cancellationToken).ConfigureAwait(false);
        return ValidAt(history, validAt);
    }

    /// <summary>Gets the state of an entity at a past time: for each attribute, the version that was true then.</summary>
    /// <param name="entity">The entity.</param>
    /// <param name="validAt">The time.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>One record per attribute that had a value at <paramref name="validAt"/>, ordered by attribute.</returns>
    public virtual async Task<IReadOnlyList<MemoryRecord>> GetEntityAsOfAsync(string entity, DateTimeOffset validAt, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<MemoryRecord> all = await QueryAsync(new MemoryQuery { Entity = entity, IncludeSuperseded = true }, cancellationToken).ConfigureAwait(false);
        var state = new List<MemoryRecord>();
        foreach (IGrouping<string, MemoryRecord> versions in all.GroupBy(record => record.Attribute, StringComparer.Ordinal).OrderBy(group => group.Key, StringComparer.Ordinal))
        {
            if (ValidAt(versions.OrderBy(record => record.Version), validAt) is { } record)
            {
                state.Add(record);
            }
        }

        return state;
    }

    private static MemoryRecord? ValidAt(IEnumerable<MemoryRecord> versions, DateTimeOffset validAt)
    {
        MemoryRecord? found = null;
        foreach (MemoryRecord record in versions)
        {
            if (record.ValidFrom <= validAt && (record.ValidTo is null || validAt < record.ValidTo))
            {
                found = record;
            }
        }

        return found;
    }
}
