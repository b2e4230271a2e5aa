namespace OperatorOs;

/// <summary>The type-erased view of a collection's storage, for the registry.</summary>
internal interface IInMemoryCollectionStorage
{
    /// <summary>Gets the key type of the collection.</summary>
    Type KeyType { get; }

    /// <summary>Gets the record type of the collection.</summary>
    Type RecordType { get; }

    /// <summary>Gets the column of a vector property.</summary>
    /// <exception cref="InvalidOperationException">The collection was created without that vector property.</exception>
    VectorColumn Column(string propertyName);
}
