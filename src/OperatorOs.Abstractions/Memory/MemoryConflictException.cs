namespace OperatorOs;

/// <summary>The exception that is thrown when a memory write expected a version that is no longer current; nothing was written.</summary>
public sealed class MemoryConflictException : OperatorOsException
{
    /// <summary>Initializes a new instance of the <see cref="MemoryConflictException"/> class.</summary>
    /// <param name="entity">The entity.</param>
    /// <param name="attribute">The attribute.</param>
    /// <param name="expectedVersion">The version the writer expected.</param>
    /// <param name="currentVersion">The current version (0 when there is none).</param>
    public MemoryConflictException(string entity, string attribute, int expectedVersion, int currentVersion)
        : base($"Memory conflict on {entity} / {attribute}: expected version {expectedVersion}, current is {currentVersion}.")
    {
        Entity = entity;
        Attribute = attribute;
        ExpectedVersion = expectedVersion;
        CurrentVersion = currentVersion;
    }

    /// <summary>Gets the entity.</summary>
    public string Entity { get; }

    /// <summary>Gets the attribute.</summary>
    public string Attribute { get; }

    /// <summary>Gets the version the writer expected.</summary>
    public int ExpectedVersion { get; }

    /// <summary>Gets the current version.</summary>
    public int CurrentVersion { get; }
}
