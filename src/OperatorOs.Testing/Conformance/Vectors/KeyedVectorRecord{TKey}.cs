using Microsoft.Extensions.VectorData;

namespace OperatorOs.Testing;

/// <summary>A record of the vector-store conformance suite: a key of any type, an indexed name, a three-dimensional vector and an unmapped property.</summary>
/// <typeparam name="TKey">The key type.</typeparam>
public sealed class KeyedVectorRecord<TKey>
{
    /// <summary>Gets or sets the key.</summary>
    [VectorStoreKey]
    public TKey Id { get; set; } = default!;

    /// <summary>Gets or sets the name.</summary>
    [VectorStoreData(IsIndexed = true)]
    public string? Name { get; set; }

    /// <summary>Gets or sets the vector.</summary>
    [VectorStoreVector(3)]
    public float[]? Vector { get; set; }

    /// <summary>Gets or sets a value the record model does not map, so no store keeps it.</summary>
    public string? Unmapped { get; set; }
}
