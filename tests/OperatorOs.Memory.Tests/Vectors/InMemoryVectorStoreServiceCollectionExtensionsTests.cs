using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.VectorData;

namespace OperatorOs.Memory.Tests.Vectors;

public class InMemoryVectorStoreServiceCollectionExtensionsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void AddInMemoryVectorStore_Resolve_GivesOneSingletonForBothServiceTypes()
    {
        var services = new ServiceCollection();
        services.AddInMemoryVectorStore();
        using ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        VectorStore store = provider.GetRequiredService<VectorStore>();

        Assert.IsType<InMemoryVectorStore>(store);
        Assert.Same(store, provider.GetRequiredService<InMemoryVectorStore>());
        Assert.Same(store, provider.GetRequiredService<VectorStore>());
    }

    [Fact]
    public async Task AddKeyedInMemoryVectorStore_TwoKeys_GivesSeparateStoresUsingTheContainerGenerator()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IEmbeddingGenerator>(new FakeEmbeddingGenerator());
        services.AddKeyedInMemoryVectorStore("a").AddKeyedInMemoryVectorStore("b", lifetime: ServiceLifetime.Scoped);
        using ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        using IServiceScope scope = provider.CreateScope();

        VectorStore a = provider.GetRequiredKeyedService<VectorStore>("a");
        VectorStore b = scope.ServiceProvider.GetRequiredKeyedService<VectorStore>("b");

        Assert.NotSame(a, b);
        Assert.Same(a, provider.GetRequiredKeyedService<InMemoryVectorStore>("a"));
        var collection = ((InMemoryVectorStore)a).GetCollection<string, TextRecord>("t");
        await collection.EnsureCollectionExistsAsync(Ct);
        await collection.UpsertAsync(new TextRecord { Id = "1", Text = "hello", Embedding = "hello" }, Ct);
        Assert.Single(await collection.SearchAsync("hello", 1, cancellationToken: Ct).ToListAsync(Ct));
    }

    [Fact]
    public async Task AddInMemoryCollection_Resolve_RegistersCollectionAndSearchInterfaces()
    {
        var services = new ServiceCollection();
        services.AddInMemoryCollection<int, KeyedRecord<int>>("things");
        using ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var collection = provider.GetRequiredService<VectorStoreCollection<int, KeyedRecord<int>>>();

        Assert.Equal("things", collection.Name);
        Assert.Same(collection, provider.GetRequiredService<IVectorSearchable<KeyedRecord<int>>>());
        Assert.Same(collection, provider.GetRequiredService<IKeywordHybridSearchable<KeyedRecord<int>>>());
        Assert.Same(collection, provider.GetRequiredService<InMemoryCollection<int, KeyedRecord<int>>>());
        await collection.EnsureCollectionExistsAsync(Ct);
        await collection.UpsertAsync(new KeyedRecord<int> { Id = 1, Vector = [1, 0, 0] }, Ct);
        Assert.Single(await provider.GetRequiredService<IVectorSearchable<KeyedRecord<int>>>().SearchAsync(new float[] { 1, 0, 0 }, 1, cancellationToken: Ct).ToListAsync(Ct));
    }

    [Fact]
    public void AddKeyedInMemoryCollection_Key_ResolvesOnlyByKey()
    {
        var services = new ServiceCollection();
        services.AddKeyedInMemoryCollection<int, KeyedRecord<int>>("k", "things");
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.NotNull(provider.GetKeyedService<VectorStoreCollection<int, KeyedRecord<int>>>("k"));
        Assert.Null(provider.GetService<VectorStoreCollection<int, KeyedRecord<int>>>());
    }
}
