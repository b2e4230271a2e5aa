using Microsoft.Extensions.VectorData;

namespace OperatorOs.Memory.Tests.Vectors;

/// <summary>What is particular to the in-memory collection; the behaviour every store shares is in <see cref="Conformance.InMemoryVectorStoreConformanceTests"/>.</summary>
public class InMemoryCollectionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void GetService_Metadata_ReturnsCollectionMetadata()
    {
        using var store = new InMemoryVectorStore();
        var collection = store.GetCollection<int, KeyedVectorRecord<int>>("meta");

        var metadata = collection.GetService(typeof(VectorStoreCollectionMetadata)) as VectorStoreCollectionMetadata;

        Assert.Equal("meta", metadata!.CollectionName);
        Assert.Equal("inmemory", metadata.VectorStoreSystemName);
        Assert.Same(collection, collection.GetService(typeof(IKeywordHybridSearchable<KeyedVectorRecord<int>>)));
        Assert.Null(collection.GetService(typeof(string)));
    }

    [Fact]
    public async Task Constructor_StandAlone_WorksWithoutStore()
    {
        using var collection = new InMemoryCollection<string, KeyedVectorRecord<string>>("alone");
        await collection.EnsureCollectionExistsAsync(Ct);

        await collection.UpsertAsync(new KeyedVectorRecord<string> { Id = "k", Vector = [1, 1, 1] }, Ct);

        Assert.True(await collection.CollectionExistsAsync(Ct));
        Assert.NotNull(await collection.GetAsync("k", cancellationToken: Ct));
    }
}
