using Microsoft.Extensions.VectorData;

namespace OperatorOs;

/// <summary>Options for an <see cref="InMemoryCollection{TKey, TRecord}"/>.</summary>
public sealed class InMemoryCollectionOptions : VectorStoreCollectionOptions
{
    /// <summary>Initializes a new instance of the <see cref="InMemoryCollectionOptions"/> class.</summary>
    public InMemoryCollectionOptions()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="InMemoryCollectionOptions"/> class with the values of <paramref name="source"/>.</summary>
    /// <param name="source">The options to copy.</param>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is <see langword="null"/>.</exception>
    public InMemoryCollectionOptions(InMemoryCollectionOptions source)
        : base(OperatorOs.Shared.Throw.IfNull(source))
    {
    }
}
