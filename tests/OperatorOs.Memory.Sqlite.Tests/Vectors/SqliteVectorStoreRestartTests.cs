using Microsoft.Data.Sqlite;
using Microsoft.Extensions.VectorData;

namespace OperatorOs.Memory.Sqlite.Tests.Vectors;

/// <summary>Collections written by one store and read back by a store over a freshly opened file, as after a restart.</summary>
public sealed class SqliteVectorStoreRestartTests : IDisposable
{
    private static readonly Guid Known = Guid.Parse("6f1c8a35-2f43-4a4e-9d4b-0c5d3c2b1a09", System.Globalization.CultureInfo.InvariantCulture);
    private readonly TempDatabases _files = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TypedRecords_AfterReopen_ComeBackWithVectorsAndDeletesStayDeleted()
    {
        string path = _files.NewPath();
        using (var store = new SqliteVectorStore(_files.Open(path)))
        {
            var collection = store.GetCollection<int, KeyedVectorRecord<int>>("things");
            await collection.EnsureCollectionExistsAsync(Ct);
            await collection.UpsertAsync(Enumerable.Range(1, 5).Select(i => new KeyedVectorRecord<int> { Id = i, Name = $"n{i}", Vector = [i, 1, 0] }), Ct);
            await collection.UpsertAsync(new KeyedVectorRecord<int> { Id = 2, Name = "two again", Vector = [0, 0, 1] }, Ct);
            await collection.DeleteAsync([3, 4], Ct);
        }

        using var reopened = new SqliteVectorStore(_files.Open(path));
        var again = reopened.GetCollection<int, KeyedVectorRecord<int>>("things");

        Assert.Equal(["things"], await reopened.ListCollectionNamesAsync(Ct).ToListAsync(Ct));
        Assert.True(await reopened.CollectionExistsAsync("things", Ct));
        List<KeyedVectorRecord<int>> records = await again.GetAsync([1, 2, 3, 4, 5], new RecordRetrievalOptions { IncludeVectors = true }, Ct).ToListAsync(Ct);
        Assert.Equal([1, 2, 5], records.Select(r => r.Id));
        Assert.Equal(["n1", "two again", "n5"], records.Select(r => r.Name));
        Assert.Equal([[1f, 1, 0], [0f, 0, 1], [5f, 1, 0]], records.Select(r => r.Vector!));
        VectorSearchResult<KeyedVectorRecord<int>> nearest = await again.SearchAsync(new float[] { 0, 0, 1 }, 1, new() { IncludeVectors = true }, Ct).SingleAsync(Ct);
        Assert.Equal(2, nearest.Record.Id);
        Assert.Equal(1.0, nearest.Score!.Value, 5);
    }

    [Fact]
    public async Task EveryDataPropertyType_AfterReopen_RoundTrips()
    {
        string path = _files.NewPath();
        AllTypesVectorRecord full = FullTypesRecord();
        using (var store = new SqliteVectorStore(_files.Open(path)))
        {
            var collection = store.GetCollection<long, AllTypesVectorRecord>("types");
            await collection.EnsureCollectionExistsAsync(Ct);
            await collection.UpsertAsync([full, new AllTypesVectorRecord { Id = 2 }], Ct);
        }

        using var reopened = new SqliteVectorStore(_files.Open(path));
        var again = reopened.GetCollection<long, AllTypesVectorRecord>("types");

        AllTypesVectorRecord read = (await again.GetAsync(1, new RecordRetrievalOptions { IncludeVectors = true }, Ct))!;
        AllTypesVectorRecord empty = (await again.GetAsync(2, new RecordRetrievalOptions { IncludeVectors = true }, Ct))!;
        Assert.Equal(full.Text, read.Text);
        Assert.Equal(full.ULong, read.ULong);
        Assert.Equal(full.Decimal, read.Decimal);
        Assert.True(double.IsNaN(read.Double));
        Assert.Equal(full.DateTime, read.DateTime);
        Assert.Equal(DateTimeKind.Utc, read.DateTime.Kind);
        Assert.Equal(full.DateTimeOffset.Offset, read.DateTimeOffset.Offset);
        Assert.Equal(full.Time, read.Time);
        Assert.Equal(full.Duration, read.Duration);
        Assert.Equal(full.Measurements, read.Measurements);
        Assert.Equal(full.Guids, read.Guids);
        Assert.IsType<List<int>>(read.Numbers);
        Assert.Equal(full.Vector.ToArray(), read.Vector.ToArray());
        Assert.Null(empty.Text);
        Assert.Null(empty.OptionalInt);
        Assert.Null(empty.Tags);
        Assert.True(empty.Vector.IsEmpty);
    }

    [Fact]
    public async Task DynamicRecords_AfterReopen_ComeBackAndTypedCollectionOpensAsDynamic()
    {
        string path = _files.NewPath();
        using (var store = new SqliteVectorStore(_files.Open(path)))
        {
            var dynamic = store.GetDynamicCollection("dyn", Definition(typeof(Guid)));
            await dynamic.EnsureCollectionExistsAsync(Ct);
            await dynamic.UpsertAsync(new Dictionary<string, object?> { ["Key"] = Known, ["Title"] = "zero", ["Vector"] = new float[] { 3, 4 } }, Ct);

            var typed = store.GetCollection<string, KeyedVectorRecord<string>>("typed");
            await typed.EnsureCollectionExistsAsync(Ct);
            await typed.UpsertAsync(new KeyedVectorRecord<string> { Id = "k", Name = "named", Vector = [1, 2, 3] }, Ct);
        }

        using var reopened = new SqliteVectorStore(_files.Open(path));
        var again = reopened.GetDynamicCollection("dyn", Definition(typeof(Guid)));
        var typedAsDynamic = reopened.GetDynamicCollection("typed", new VectorStoreCollectionDefinition
        {
            Properties =
            [
                new VectorStoreKeyProperty("Id", typeof(string)),
                new VectorStoreDataProperty("Name", typeof(string)),
                new VectorStoreVectorProperty("Vector", typeof(ReadOnlyMemory<float>), 3),
            ],
        });

        Dictionary<string, object?> record = (await again.GetAsync(Known, new RecordRetrievalOptions { IncludeVectors = true }, Ct))!;
        Assert.Equal("zero", record["Title"]);
        Assert.Equal([3f, 4f], (float[])record["Vector"]!);
        Dictionary<string, object?> converted = await typedAsDynamic.SearchAsync(new float[] { 1, 2, 3 }, 1, new() { IncludeVectors = true }, Ct).Select(r => r.Record).SingleAsync(Ct);
        Assert.Equal("k", converted["Id"]);
        Assert.Equal("named", converted["Name"]);
        Assert.Equal([1f, 2f, 3f], ((ReadOnlyMemory<float>)converted["Vector"]!).ToArray());
    }

    [Fact]
    public async Task GeneratedEmbeddings_AfterReopen_AreLoadedWithoutCallingTheGenerator()
    {
        string path = _files.NewPath();
        string[] texts = ["banana", "tttt", "sun sets"];
        using (var store = new SqliteVectorStore(_files.Open(path), new SqliteVectorStoreOptions { EmbeddingGenerator = new LetterCountEmbeddingGenerator() }))
        {
            var collection = store.GetCollection<string, TextVectorRecord>("generated");
            await collection.EnsureCollectionExistsAsync(Ct);
            await collection.UpsertAsync(texts.Select(t => new TextVectorRecord { Id = t, Text = t, Embedding = t }), Ct);
        }

        var generator = new LetterCountEmbeddingGenerator();
        using var reopened = new SqliteVectorStore(_files.Open(path), new SqliteVectorStoreOptions { EmbeddingGenerator = generator });
        var again = reopened.GetCollection<string, TextVectorRecord>("generated");

        VectorSearchResult<TextVectorRecord> byVector = await again.SearchAsync(LetterCountEmbeddingGenerator.Embed("tttt"), 1, cancellationToken: Ct).SingleAsync(Ct);
        Assert.Equal(0, generator.Calls);
        VectorSearchResult<TextVectorRecord> byText = await again.SearchAsync("sun sets", 1, cancellationToken: Ct).SingleAsync(Ct);

        Assert.Equal("tttt", byVector.Record.Id);
        Assert.Equal("tttt", byVector.Record.Embedding);
        Assert.Equal("sun sets", byText.Record.Id);
        Assert.Equal(1, generator.Calls);
    }

    [Fact]
    public async Task HnswCollection_AfterReopen_IsRebuiltFromTheStoredVectors()
    {
        string path = _files.NewPath();
        var definition = new VectorStoreCollectionDefinition
        {
            Properties =
            [
                new VectorStoreKeyProperty("Id", typeof(int)),
                new VectorStoreVectorProperty("Vector", typeof(float[]), 8) { IndexKind = IndexKind.Hnsw, DistanceFunction = DistanceFunction.EuclideanDistance },
            ],
        };
        var random = new Random(7);
        List<float[]> vectors = [.. Enumerable.Range(0, 300).Select(_ => Enumerable.Range(0, 8).Select(_ => (float)random.NextDouble()).ToArray())];
        using (var store = new SqliteVectorStore(_files.Open(path)))
        {
            var collection = store.GetDynamicCollection("graph", definition);
            await collection.EnsureCollectionExistsAsync(Ct);
            await collection.UpsertAsync(vectors.Select((v, i) => new Dictionary<string, object?> { ["Id"] = i, ["Vector"] = v }), Ct);
        }

        using var reopened = new SqliteVectorStore(_files.Open(path));
        var again = reopened.GetDynamicCollection("graph", definition);

        VectorSearchResult<Dictionary<string, object?>> nearest = await again.SearchAsync(vectors[123], 1, cancellationToken: Ct).SingleAsync(Ct);
        Assert.Equal(123, nearest.Record["Id"]);
        Assert.Equal(0, nearest.Score!.Value, 5);
    }

    [Fact]
    public async Task DeletedCollection_AfterReopen_StaysDeleted()
    {
        string path = _files.NewPath();
        using (var store = new SqliteVectorStore(_files.Open(path)))
        {
            foreach (string name in new[] { "kept", "dropped" })
            {
                var collection = store.GetCollection<int, KeyedVectorRecord<int>>(name);
                await collection.EnsureCollectionExistsAsync(Ct);
                await collection.UpsertAsync(new KeyedVectorRecord<int> { Id = 1, Vector = [1, 1, 1] }, Ct);
            }

            await store.EnsureCollectionDeletedAsync("dropped", Ct);
        }

        using var reopened = new SqliteVectorStore(_files.Open(path));

        Assert.Equal(["kept"], await reopened.ListCollectionNamesAsync(Ct).ToListAsync(Ct));
        Assert.False(await reopened.GetCollection<int, KeyedVectorRecord<int>>("dropped").CollectionExistsAsync(Ct));
        Assert.Equal(0L, Count(path, "SELECT COUNT(*) FROM vector_records WHERE collection = 'dropped'"));
        Assert.Equal(1L, Count(path, "SELECT COUNT(*) FROM vector_record_vectors"));
    }

    [Fact]
    public async Task UpsertAsync_ConcurrentTasks_AreAllDurable()
    {
        string path = _files.NewPath();
        using (var store = new SqliteVectorStore(_files.Open(path)))
        {
            var collection = store.GetCollection<Guid, KeyedVectorRecord<Guid>>("busy");
            await collection.EnsureCollectionExistsAsync(Ct);
            await Task.WhenAll(Enumerable.Range(0, 6).Select(t => Task.Run(
                async () =>
                {
                    for (int i = 0; i < 10; i++)
                    {
                        await collection.UpsertAsync(
                            [
                                new KeyedVectorRecord<Guid> { Name = $"{t}-{i}-a", Vector = [t, i, 0] },
                                new KeyedVectorRecord<Guid> { Name = $"{t}-{i}-b", Vector = [t, i, 1] },
                            ],
                            Ct);
                    }
                },
                Ct)));
        }

        using var reopened = new SqliteVectorStore(_files.Open(path));
        List<KeyedVectorRecord<Guid>> all = await reopened.GetCollection<Guid, KeyedVectorRecord<Guid>>("busy")
            .GetAsync(r => r.Name != null, 1000, new() { IncludeVectors = true }, Ct).ToListAsync(Ct);

        Assert.Equal(120, all.Count);
        Assert.All(all, r => Assert.Equal(r.Name!.EndsWith("-b", StringComparison.Ordinal) ? 1f : 0f, r.Vector![2]));
    }

    [Fact]
    public async Task UpsertAsync_Returned_IsVisibleToAnotherConnectionAtOnce()
    {
        string path = _files.NewPath();
        using var store = new SqliteVectorStore(_files.Open(path));
        var collection = store.GetCollection<int, KeyedVectorRecord<int>>("visible");
        await collection.EnsureCollectionExistsAsync(Ct);

        await collection.UpsertAsync([new KeyedVectorRecord<int> { Id = 1, Vector = [1, 0, 0] }, new KeyedVectorRecord<int> { Id = 2 }], Ct);

        Assert.Equal(2L, Count(path, "SELECT COUNT(*) FROM vector_records WHERE collection = 'visible'"));
        Assert.Equal(1L, Count(path, "SELECT COUNT(*) FROM vector_record_vectors"));
        Assert.Equal(12L, Count(path, "SELECT length(vector) FROM vector_record_vectors"));
    }

    [Fact]
    public async Task UpsertAsync_FileLocked_ThrowsLockedAndChangesNothing()
    {
        string path = _files.NewPath();
        using var store = new SqliteVectorStore(new SqliteDatabase(new SqliteStorageOptions { Path = path, BusyTimeout = TimeSpan.FromMilliseconds(100) }));
        var collection = store.GetCollection<int, KeyedVectorRecord<int>>("locked");
        await collection.EnsureCollectionExistsAsync(Ct);
        await collection.UpsertAsync(new KeyedVectorRecord<int> { Id = 1, Name = "before", Vector = [1, 0, 0] }, Ct);

        using (var blocker = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            blocker.Open();
            using SqliteTransaction hold = blocker.BeginTransaction(deferred: false);

            var error = await Assert.ThrowsAsync<SqliteStorageException>(() => collection.UpsertAsync(new KeyedVectorRecord<int> { Id = 1, Name = "after", Vector = [0, 1, 0] }, Ct));
            Assert.Equal(SqliteStorageError.Locked, error.Error);
            await Assert.ThrowsAsync<SqliteStorageException>(() => collection.DeleteAsync(1, Ct));
        }

        KeyedVectorRecord<int> kept = (await collection.GetAsync(1, new RecordRetrievalOptions { IncludeVectors = true }, Ct))!;
        Assert.Equal("before", kept.Name);
        Assert.Equal([1f, 0f, 0f], kept.Vector!);
    }

    [Fact]
    public async Task GetCollection_StoredWithAnotherKeyType_ThrowsMismatchNamingTheCollection()
    {
        string path = await StoreKeyedAsync("keyed");
        using var reopened = new SqliteVectorStore(_files.Open(path));

        var error = Assert.Throws<VectorCollectionMismatchException>(() => reopened.GetCollection<string, KeyedVectorRecord<string>>("keyed"));

        Assert.Equal("keyed", error.CollectionName);
        Assert.Null(error.PropertyName);
        Assert.Contains("'keyed'", error.Message, StringComparison.Ordinal);
        Assert.Contains("int32", error.Message, StringComparison.Ordinal);
        Assert.Contains("string", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Name", typeof(int), false, 0, "string")]
    [InlineData("Vector", typeof(float[]), true, 4, "3 dimensions")]
    [InlineData("Name", typeof(float[]), true, 3, "data property")]
    public async Task GetDynamicCollection_IncompatibleProperty_ThrowsMismatchNamingIt(string property, Type type, bool vector, int dimensions, string expected)
    {
        string path = await StoreKeyedAsync("shape");
        using var reopened = new SqliteVectorStore(_files.Open(path));
        List<VectorStoreProperty> properties = [new VectorStoreKeyProperty("Id", typeof(int))];
        properties.Add(vector ? new VectorStoreVectorProperty(property, type, dimensions) : new VectorStoreDataProperty(property, type));

        var error = Assert.Throws<VectorCollectionMismatchException>(() => reopened.GetDynamicCollection("shape", new VectorStoreCollectionDefinition { Properties = properties }));

        Assert.Equal(property, error.PropertyName);
        Assert.Equal(path, error.Path);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetDynamicCollection_AddedAndLeftOutProperties_ReadsOldRecordsAndKeepsTheRest()
    {
        string path = await StoreKeyedAsync("grown");
        using (var reopened = new SqliteVectorStore(_files.Open(path)))
        {
            var grown = reopened.GetDynamicCollection("grown", new VectorStoreCollectionDefinition
            {
                Properties =
                [
                    new VectorStoreKeyProperty("Id", typeof(int)),
                    new VectorStoreDataProperty("Rank", typeof(int?)),
                    new VectorStoreVectorProperty("Vector", typeof(float[]), 3),
                ],
            });

            Dictionary<string, object?> old = (await grown.GetAsync(1, new RecordRetrievalOptions { IncludeVectors = true }, Ct))!;
            Assert.Null(old.GetValueOrDefault("Rank"));
            Assert.Equal([1f, 2f, 3f], (float[])old["Vector"]!);
            await grown.UpsertAsync(new Dictionary<string, object?> { ["Id"] = 2, ["Rank"] = 5, ["Vector"] = new float[] { 0, 0, 1 } }, Ct);
        }

        // The shape now holds Rank (added) and Name (left out by the writer above): both are still checked and readable.
        using var third = new SqliteVectorStore(_files.Open(path));
        var error = Assert.Throws<VectorCollectionMismatchException>(() => third.GetDynamicCollection("grown", new VectorStoreCollectionDefinition
        {
            Properties = [new VectorStoreKeyProperty("Id", typeof(int)), new VectorStoreDataProperty("Rank", typeof(string))],
        }));
        var typed = third.GetCollection<int, KeyedVectorRecord<int>>("grown");
        Assert.Equal("Rank", error.PropertyName);
        Assert.Equal("one", (await typed.GetAsync(1, cancellationToken: Ct))!.Name);
        Assert.Null((await typed.GetAsync(2, cancellationToken: Ct))!.Name);
    }

    [Fact]
    public void GetCollection_UnsupportedDataType_ThrowsNotSupportedNamingTheProperty()
    {
        using var store = new SqliteVectorStore(_files.Open());

        var error = Assert.Throws<NotSupportedException>(() => store.GetDynamicCollection("odd", new VectorStoreCollectionDefinition
        {
            Properties = [new VectorStoreKeyProperty("Id", typeof(int)), new VectorStoreDataProperty("When", typeof(Uri))],
        }));

        Assert.Contains("'When'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'odd'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetCollection_UnsupportedKeyType_ThrowsNotSupported()
    {
        using var store = new SqliteVectorStore(_files.Open());

        var error = Assert.Throws<NotSupportedException>(() => store.GetDynamicCollection("odd", new VectorStoreCollectionDefinition
        {
            Properties = [new VectorStoreKeyProperty("Id", typeof(ulong)), new VectorStoreVectorProperty("Vector", typeof(float[]), 2)],
        }));

        Assert.Contains("key property 'Id'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UPDATE vector_records SET data = '{not json'")]
    [InlineData("UPDATE vector_record_vectors SET vector = x'0000803f'")]
    public async Task Load_DamagedRecord_ThrowsCorruptNamingTheCollection(string damage)
    {
        string path = await StoreKeyedAsync("damaged");
        Execute(path, damage);
        using var reopened = new SqliteVectorStore(_files.Open(path));

        var error = await Assert.ThrowsAsync<SqliteStorageException>(() => reopened.GetCollection<int, KeyedVectorRecord<int>>("damaged").GetAsync(1, cancellationToken: Ct));

        Assert.Equal(SqliteStorageError.Corrupt, error.Error);
        Assert.Contains("'damaged'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_StoredValueOfAnotherType_ThrowsMismatchNamingTheProperty()
    {
        string path = await StoreKeyedAsync("edited");
        Execute(path, "UPDATE vector_records SET data = '{\"Name\":42}'");
        using var reopened = new SqliteVectorStore(_files.Open(path));

        var error = await Assert.ThrowsAsync<VectorCollectionMismatchException>(() => reopened.GetCollection<int, KeyedVectorRecord<int>>("edited").GetAsync(1, cancellationToken: Ct));

        Assert.Equal("Name", error.PropertyName);
        Assert.Equal("edited", error.CollectionName);
    }

    [Fact]
    public async Task Open_NewerSchemaFile_ThrowsTypedError()
    {
        string path = await StoreKeyedAsync("future");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = $"PRAGMA user_version = {SqliteSchema.Version + 1};";
            command.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();
        var error = Assert.Throws<SqliteStorageException>(() => new SqliteVectorStore(_files.Open(path)));

        Assert.Equal(SqliteStorageError.NewerSchema, error.Error);
    }

    [Fact]
    public async Task Open_FileFromTheSchemaBeforeVectors_MigratesAndKeepsItsData()
    {
        string path = _files.NewPath();
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = string.Join('\n', SqliteSchema.Migrations.Take(2))
                + "INSERT INTO approvals (id, status, created_at, body) VALUES ('apr_1', 0, 0, '{}'); PRAGMA user_version = 2;";
            command.ExecuteNonQuery();
        }

        using var store = new SqliteVectorStore(_files.Open(path));
        var collection = store.GetCollection<int, KeyedVectorRecord<int>>("new");
        await collection.EnsureCollectionExistsAsync(Ct);
        await collection.UpsertAsync(new KeyedVectorRecord<int> { Id = 1, Vector = [1, 1, 1] }, Ct);

        Assert.Equal((long)SqliteSchema.Version, Count(path, "PRAGMA user_version;"));
        Assert.Equal(1L, Count(path, "SELECT COUNT(*) FROM approvals"));
        Assert.Equal(1L, Count(path, "SELECT COUNT(*) FROM vector_records"));
    }

    [Fact]
    public void GetService_Metadata_NamesSqliteAndTheFile()
    {
        string path = _files.NewPath();
        using var store = new SqliteVectorStore(_files.Open(path));

        var metadata = (VectorStoreMetadata)store.GetService(typeof(VectorStoreMetadata))!;
        var collectionMetadata = (VectorStoreCollectionMetadata)store.GetCollection<int, KeyedVectorRecord<int>>("m").GetService(typeof(VectorStoreCollectionMetadata))!;

        Assert.Equal("sqlite", metadata.VectorStoreSystemName);
        Assert.Equal(path, metadata.VectorStoreName);
        Assert.Equal("sqlite", collectionMetadata.VectorStoreSystemName);
        Assert.Same(store, store.GetService(typeof(SqliteVectorStore)));
    }

    public void Dispose() => _files.Dispose();

    private static VectorStoreCollectionDefinition Definition(Type keyType) => new()
    {
        Properties =
        [
            new VectorStoreKeyProperty("Key", keyType),
            new VectorStoreDataProperty("Title", typeof(string)),
            new VectorStoreVectorProperty("Vector", typeof(float[]), 2),
        ],
    };

    private static AllTypesVectorRecord FullTypesRecord() => new()
    {
        Id = 1,
        Text = "line one\nline \"two\" é",
        ULong = ulong.MaxValue,
        Decimal = 0.1m,
        Double = double.NaN,
        DateTime = new DateTime(2026, 5, 6, 7, 8, 9, DateTimeKind.Utc).AddTicks(1),
        DateTimeOffset = new DateTimeOffset(2026, 5, 6, 7, 8, 9, TimeSpan.FromHours(9.5)),
        Time = new TimeOnly(1, 2, 3).Add(TimeSpan.FromTicks(4)),
        Duration = TimeSpan.FromTicks(-123456789),
        Measurements = [double.NegativeInfinity, null, 2.5],
        Guids = [Guid.NewGuid()],
        Numbers = [3, 2, 1],
        Vector = new float[] { float.Epsilon, -0f },
    };

    private static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static long Count(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<string> StoreKeyedAsync(string name)
    {
        string path = _files.NewPath();
        using var store = new SqliteVectorStore(_files.Open(path));
        var collection = store.GetCollection<int, KeyedVectorRecord<int>>(name);
        await collection.EnsureCollectionExistsAsync(Ct);
        await collection.UpsertAsync(new KeyedVectorRecord<int> { Id = 1, Name = "one", Vector = [1, 2, 3] }, Ct);
        return path;
    }
}
