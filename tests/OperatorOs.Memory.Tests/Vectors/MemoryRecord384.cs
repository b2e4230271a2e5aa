using Microsoft.Extensions.VectorData;

namespace OperatorOs.Memory.Tests.Vectors;

public sealed class MemoryRecord384
{
    [VectorStoreKey]
    public Guid Id { get; set; }

    [VectorStoreVector(384)]
    public ReadOnlyMemory<float> Vector { get; set; }
}
