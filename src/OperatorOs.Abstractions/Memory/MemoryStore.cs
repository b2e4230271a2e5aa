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
}
