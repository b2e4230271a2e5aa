using Microsoft.Extensions.VectorData;

namespace OperatorOs.Testing;

/// <summary>A record of the vector-store conformance suite with data properties of several types, for filters and ordering.</summary>
public sealed class FilterVectorRecord
{
    /// <summary>Gets or sets the key.</summary>
    [VectorStoreKey]
    public int Id { get; set; }

    /// <summary>Gets or sets the name.</summary>
    [VectorStoreData]
    public string? Name { get; set; }

    /// <summary>Gets or sets the rating.</summary>
    [VectorStoreData]
    public int Rating { get; set; }

    /// <summary>Gets or sets the count.</summary>
    [VectorStoreData]
    public long Count { get; set; }

    /// <summary>Gets or sets the price.</summary>
    [VectorStoreData]
    public double Price { get; set; }

    /// <summary>Gets or sets a value indicating whether the record is active.</summary>
    [VectorStoreData]
    public bool IsActive { get; set; }

    /// <summary>Gets or sets an optional rating.</summary>
    [VectorStoreData]
    public int? OptionalRating { get; set; }

    /// <summary>Gets or sets the tags.</summary>
    [VectorStoreData]
    public string[] Tags { get; set; } = [];

    /// <summary>Gets or sets the labels.</summary>
    [VectorStoreData]
    public List<string> Labels { get; set; } = [];

    /// <summary>Gets or sets the vector.</summary>
    [VectorStoreVector(4)]
    public ReadOnlyMemory<float> Vector { get; set; }

    /// <summary>Creates a shallow copy.</summary>
    /// <returns>The copy.</returns>
    public FilterVectorRecord Clone() => (FilterVectorRecord)MemberwiseClone();
}
