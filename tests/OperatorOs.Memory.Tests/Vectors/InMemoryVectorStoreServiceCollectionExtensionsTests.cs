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
        services.AddSingleton<IEmbeddingGenerator>(new LetterCountEmbeddingGenerator());
        services.AddKeyedInMemoryVectorStore("a").AddKeyedInMemoryVectorStore("b", lifetime: ServiceLifetime.Scoped);
        using ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        using IServiceScope scope = provider.CreateScope();

        VectorStore a = provider.GetRequiredKeyedService<VectorStore>("a");
        VectorStore b = scope.ServiceProvider.GetRequiredKeyedService<VectorStore>("b");

        Assert.NotSame(a, b);
        Assert.Same(a, provider.GetRequiredKeyedService<InMemoryVectorStore>("a"));
        var collection = ((InMemoryVectorStore)a).GetCollection<string, TextVectorRecord>("t");
        await collection.EnsureCollectionExistsAsync(Ct);
        await collection.UpsertAsync(new TextVectorRecord { Id = "1", Text = "hello", Embedding = "hello" }, Ct);
        Assert.Single(await collection.SearchAsync("hello", 1, cancellationToken: Ct).ToListAsync(Ct));
    }

    [Fact]
    public async Task AddInMemoryCollection_Resolve_RegistersCollectionAndSearchInterfaces()
    {
        var services = new ServiceCollection();
        services.AddInMemoryCollection<int, KeyedVectorRecord<int>>("things");
        using ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var collection = provider.GetRequiredService<VectorStoreCollection<int, KeyedVectorRecord<int>>>();

        Assert.Equal("things", collection.Name);
        Assert.Same(collection, provider.GetRequiredService<IVectorSearchable<KeyedVectorRecord<int>>>());
        Assert.Same(collection, provider.GetRequiredService<IKeywordHybridSearchable<KeyedVectorRecord<int>>>());
        Assert.Same(collection, provider.GetRequiredService<InMemoryCollection<int, KeyedVectorRecord<int>>>());
        await collection.EnsureCollectionExistsAsync(Ct);
        await collection.UpsertAsync(new KeyedVectorRecord<int> { Id = 1, Vector = [1, 0, 0] }, Ct);
        Assert.Single(await provider.GetRequiredService<IVectorSearchable<KeyedVectorRecord<int>>>().SearchAsync(new float[] { 1, 0, 0 }, 1, cancellationToken: Ct).ToListAsync(Ct));
    }

    [Fact]
    public void AddKeyedInMemoryCollection_Key_ResolvesOnlyByKey()
    {
        var services = new ServiceCollection();
        services.AddKeyedInMemoryCollection<int, KeyedVectorRecord<int>>("k", "things");
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.NotNull(provider.GetKeyedService<VectorStoreCollection<int, KeyedVectorRecord<int>>>("k"));
        Assert.Null(provider.GetService<VectorStoreCollection<int, KeyedVectorRecord<int>>>());
    }
}
