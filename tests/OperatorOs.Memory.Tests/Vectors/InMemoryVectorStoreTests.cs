using Microsoft.Extensions.VectorData;

namespace OperatorOs.Memory.Tests.Vectors;

public class InMemoryVectorStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetCollection_SameName_SharesRecords()
    {
        using var store = new InMemoryVectorStore();
        var first = store.GetCollection<int, KeyedRecord<int>>("shared");
        var second = store.GetCollection<int, KeyedRecord<int>>("shared");
        await first.EnsureCollectionExistsAsync(Ct);

        await first.UpsertAsync(new KeyedRecord<int> { Id = 1, Name = "one" }, Ct);

        Assert.Equal("one", (await second.GetAsync(1, cancellationToken: Ct))!.Name);
    }

    [Fact]
    public async Task GetCollection_OtherStore_DoesNotShare()
    {
        using var a = new InMemoryVectorStore();
        using var b = new InMemoryVectorStore();
        await a.GetCollection<int, KeyedRecord<int>>("x").EnsureCollectionExistsAsync(Ct);

        Assert.False(await b.CollectionExistsAsync("x", Ct));
    }

    [Fact]
    public async Task GetCollection_ExistingNameOtherType_Throws()
    {
        using var store = new InMemoryVectorStore();
        await store.GetCollection<int, KeyedRecord<int>>("typed").EnsureCollectionExistsAsync(Ct);

        Assert.Throws<InvalidOperationException>(() => store.GetCollection<string, KeyedRecord<string>>("typed"));
    }

    [Fact]
    public async Task ListAndDelete_Collections_ReflectLifecycle()
    {
        using var store = new InMemoryVectorStore();
        await store.GetCollection<int, KeyedRecord<int>>("a").EnsureCollectionExistsAsync(Ct);
        await store.GetCollection<long, KeyedRecord<long>>("b").EnsureCollectionExistsAsync(Ct);

        Assert.Equal(["a", "b"], (await store.ListCollectionNamesAsync(Ct).ToListAsync(Ct)).Order());

        await store.EnsureCollectionDeletedAsync("a", Ct);

        Assert.False(await store.CollectionExistsAsync("a", Ct));
        Assert.True(await store.CollectionExistsAsync("b", Ct));
        Assert.Equal(["b"], await store.ListCollectionNamesAsync(Ct).ToListAsync(Ct));
    }

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
