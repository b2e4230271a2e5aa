using Microsoft.Extensions.VectorData;

namespace OperatorOs.Memory.Tests.Vectors;

public sealed class KeyedRecord<TKey>
{
    [VectorStoreKey]
    public TKey Id { get; set; } = default!;

    [VectorStoreData(IsIndexed = true)]
    public string? Name { get; set; }

    [VectorStoreVector(3)]
    public float[]? Vector { get; set; }

    public string? Unmapped { get; set; }
}
