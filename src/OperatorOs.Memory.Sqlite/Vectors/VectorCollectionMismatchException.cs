namespace OperatorOs;

/// <summary>
/// The exception that is thrown when a vector collection stored in a SQLite file does not match the record shape a caller asks for
/// (another key type, a property stored with another type, a vector with other dimensions), or a stored record cannot be read as that shape.
/// </summary>
public sealed class VectorCollectionMismatchException : OperatorOsException
{
    /// <summary>Initializes a new instance of the <see cref="VectorCollectionMismatchException"/> class.</summary>
    /// <param name="collectionName">The collection.</param>
    /// <param name="propertyName">The property that does not match, or <see langword="null"/> for the key.</param>
    /// <param name="path">The database file.</param>
    /// <param name="problem">What does not match.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public VectorCollectionMismatchException(string collectionName, string? propertyName, string path, string problem, Exception? innerException = null)
        : base(
            $"Vector collection '{collectionName}' in '{path}' does not match the record shape asked for: {problem}. "
                + "Use a record shape compatible with the stored one, another collection name, or delete the collection to start over.",
            innerException)
    {
        CollectionName = collectionName;
        PropertyName = propertyName;
        Path = path;
    }

    /// <summary>Gets the collection.</summary>
    public string CollectionName { get; }

    /// <summary>Gets the storage name of the property that does not match, or <see langword="null"/> when the key does not.</summary>
    public string? PropertyName { get; }

    /// <summary>Gets the database file.</summary>
    public string Path { get; }
}
