using Microsoft.Extensions.VectorData;

namespace OperatorOs.Memory.Tests.Vectors;

/// <summary>What is particular to the in-memory store; the behaviour every store shares is in <see cref="Conformance.InMemoryVectorStoreConformanceTests"/>.</summary>
public class InMemoryVectorStoreTests
{
    [Fact]
    public void GetService_Metadata_ReturnsStoreMetadata()
    {
        using var store = new InMemoryVectorStore();

        var metadata = (VectorStoreMetadata)store.GetService(typeof(VectorStoreMetadata))!;

        Assert.Equal("inmemory", metadata.VectorStoreSystemName);
        Assert.Same(store, store.GetService(typeof(VectorStore)));
        Assert.Null(store.GetService(typeof(VectorStoreMetadata), "key"));
    }
}
