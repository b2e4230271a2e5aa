using Microsoft.Extensions.VectorData;

namespace OperatorOs.Memory.Tests.Vectors;

public sealed class FilterRecord
{
    [VectorStoreKey]
    public int Id { get; set; }

    [VectorStoreData]
    public string? Name { get; set; }

    [VectorStoreData]
    public int Rating { get; set; }

    [VectorStoreData]
    public long Count { get; set; }

    [VectorStoreData]
    public double Price { get; set; }

    [VectorStoreData]
    public bool IsActive { get; set; }

    [VectorStoreData]
    public int? OptionalRating { get; set; }

    [VectorStoreData]
    public string[] Tags { get; set; } = [];

    [VectorStoreData]
    public List<string> Labels { get; set; } = [];

    [VectorStoreVector(4)]
    public ReadOnlyMemory<float> Vector { get; set; }

    public FilterRecord Clone() => (FilterRecord)MemberwiseClone();
}
