using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.VectorData;

namespace OperatorOs.Memory.Sqlite.Tests.Vectors;

public sealed class SqliteVectorStoreServiceCollectionExtensionsTests : IDisposable
{
    private readonly TempDatabases _files = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UseSqlite_RegistersThePersistentStoreAsVectorStoreAndLeavesKeyedStores()
    {
        string path = _files.NewPath();
        var services = new ServiceCollection();
        services.AddKeyedInMemoryVectorStore("scratch");
        services.AddInMemoryVectorStore();
        services.AddOperatorOs().UseSqlite(path);
        await using (ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }))
        {
            VectorStore store = provider.GetRequiredService<VectorStore>();

            Assert.Same(provider.GetRequiredService<SqliteVectorStore>(), store);
            Assert.IsType<InMemoryVectorStore>(provider.GetRequiredKeyedService<VectorStore>("scratch"));
            Assert.Single(services, d => d.ServiceType == typeof(VectorStore) && !d.IsKeyedService);
            var collection = store.GetCollection<int, KeyedVectorRecord<int>>("notes");
            await collection.EnsureCollectionExistsAsync(Ct);
            await collection.UpsertAsync(new KeyedVectorRecord<int> { Id = 1, Name = "kept", Vector = [1, 0, 0] }, Ct);
        }

        var again = new ServiceCollection();
        again.AddOperatorOs().UseSqlite(path);
        await using ServiceProvider restarted = again.BuildServiceProvider();
        var reloaded = restarted.GetRequiredService<VectorStore>().GetCollection<int, KeyedVectorRecord<int>>("notes");
        Assert.Equal("kept", (await reloaded.GetAsync(1, cancellationToken: Ct))!.Name);
    }

    [Fact]
    public async Task UseSqliteWithMemorySearch_KeepsTheMemoryIndexOutOfTheFile()
    {
        string path = _files.NewPath();
        var services = new ServiceCollection();
        services.AddOperatorOs().UseSqlite(path).AddMemorySearch();
        await using ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        await provider.GetRequiredService<MemoryStore>().WriteAsync(
            new MemoryWrite("course", "faq/deadline", MemoryKind.Fact, TestJson.Parse("\"Sunday\""), new Provenance(ActorKind.Operator, "op")), Ct);
        IReadOnlyList<MemorySearchResult> hits = await provider.GetRequiredService<MemoryIndex>().SearchAsync("deadline", cancellationToken: Ct);

        Assert.Equal("faq/deadline", Assert.Single(hits).Record.Attribute);
        Assert.Empty(await provider.GetRequiredService<VectorStore>().ListCollectionNamesAsync(Ct).ToListAsync(Ct));
    }

    [Fact]
    public async Task AddSqliteVectorStore_TransientStores_ShareOneFileAndItsCollections()
    {
        string path = _files.NewPath();
        var services = new ServiceCollection();
        services.AddSingleton<IEmbeddingGenerator>(new LetterCountEmbeddingGenerator());
        services.AddSqliteVectorStore(path, lifetime: ServiceLifetime.Transient);
        await using ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        VectorStore first = provider.GetRequiredService<VectorStore>();
        VectorStore second = provider.GetRequiredService<VectorStore>();
        var writer = first.GetCollection<string, TextVectorRecord>("texts");
        await writer.EnsureCollectionExistsAsync(Ct);
        await writer.UpsertAsync(new TextVectorRecord { Id = "a", Text = "sun", Embedding = "sun" }, Ct);

        Assert.NotSame(first, second);
        VectorSearchResult<TextVectorRecord> hit = await second.GetCollection<string, TextVectorRecord>("texts").SearchAsync("sun", 1, cancellationToken: Ct).SingleAsync(Ct);
        Assert.Equal("a", hit.Record.Id);
        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task AddKeyedSqliteVectorStore_RegistersUnderTheKeyOnly()
    {
        var services = new ServiceCollection();
        services.AddKeyedSqliteVectorStore("vectors", _files.NewPath());
        await using ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        Assert.Same(provider.GetRequiredKeyedService<SqliteVectorStore>("vectors"), provider.GetRequiredKeyedService<VectorStore>("vectors"));
        Assert.Null(provider.GetService<VectorStore>());
    }

    [Fact]
    public async Task AddSqliteVectorStore_NewerSchemaFile_FailsWhenResolvedWithATypedError()
    {
        string path = _files.NewPath();
        _files.Open(path);
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = $"PRAGMA user_version = {SqliteSchema.Version + 1};";
            command.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();
        var services = new ServiceCollection();
        services.AddSqliteVectorStore(path);
        await using ServiceProvider provider = services.BuildServiceProvider();

        var error = Assert.Throws<SqliteStorageException>(() => provider.GetRequiredService<VectorStore>());
        Assert.Equal(SqliteStorageError.NewerSchema, error.Error);
    }

    [Fact]
    public void AddSqliteVectorStore_BlankPath_Throws()
    {
        Assert.Throws<ArgumentException>(() => new ServiceCollection().AddSqliteVectorStore(" "));
    }

    public void Dispose() => _files.Dispose();
}
