using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;
using OperatorOs.Shared;

#pragma warning disable MEVD9001 // MEVD provider services are experimental; this is the connector-author API they exist for.

namespace OperatorOs;

/// <summary>
/// A <c>Microsoft.Extensions.VectorData</c> vector store whose collections live in the OperatorOs SQLite file and are searched in memory.
/// </summary>
/// <remarks>
/// <para>
/// Collections persist: after a restart, <see cref="ListCollectionNamesAsync"/> and <see cref="CollectionExistsAsync"/> report what the file
/// holds, and a collection's records (vectors and generated embeddings included) are loaded on its first use. Every upsert and delete is
/// written through before it returns; see <see cref="SqliteCollection{TKey, TRecord}"/>.
/// </para>
/// <para>
/// Stored properties: keys of type <see cref="string"/>, <see cref="Guid"/>, <see cref="int"/>, <see cref="long"/>, <see cref="short"/>,
/// <see cref="ushort"/>, <see cref="byte"/>, <see cref="sbyte"/> or <see cref="uint"/>; data properties of the primitive types, <see cref="decimal"/>,
/// <see cref="Guid"/>, <see cref="DateTime"/>, <see cref="DateTimeOffset"/>, <see cref="DateOnly"/>, <see cref="TimeOnly"/>, <see cref="TimeSpan"/>,
/// their nullable forms, and arrays and lists of those. Other types fail when the collection is asked for, with <see cref="NotSupportedException"/>.
/// Asking for a stored collection with an incompatible record shape (another key type, a property stored with another type, a vector with
/// other dimensions) fails with <see cref="VectorCollectionMismatchException"/>; added properties are fine.
/// </para>
/// <para>
/// Thread-safe. Stores over the same <see cref="SqliteDatabase"/> instance share their collections; use one database instance per file in a
/// process. A locked, corrupt or unavailable file fails with <see cref="SqliteStorageException"/>.
/// </para>
/// </remarks>
public sealed class SqliteVectorStore : VectorStore
{
    private readonly InMemoryStorageRegistry _registry;
    private readonly SqliteVectorPersistence _persistence;
    private readonly IEmbeddingGenerator? _embeddingGenerator;
    private readonly InMemoryIndexSettings _settings;
    private readonly VectorStoreMetadata _metadata;

    /// <summary>Initializes a new instance of the <see cref="SqliteVectorStore"/> class.</summary>
    /// <param name="database">The storage file.</param>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="database"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An HNSW parameter, the quantization or the scan parallelism is out of range.</exception>
    public SqliteVectorStore(SqliteDatabase database, SqliteVectorStoreOptions? options = null)
    {
        _ = Throw.IfNull(database);
        _registry = database.VectorCollections;
        _persistence = (SqliteVectorPersistence)_registry.Persistence!;
        _embeddingGenerator = options?.EmbeddingGenerator;
        _settings = InMemoryIndexSettings.From(options?.Quantization ?? VectorQuantization.None, options?.Hnsw, options?.MaxScanParallelism);
        _metadata = new VectorStoreMetadata { VectorStoreSystemName = SqliteVectorPersistence.VectorStoreSystemName, VectorStoreName = database.Path };
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException"><typeparamref name="TRecord"/> is <c>Dictionary&lt;string, object?&gt;</c>: use <see cref="GetDynamicCollection"/>.</exception>
    /// <exception cref="InvalidOperationException">The collection is in use in this process with another key or record type.</exception>
    /// <exception cref="NotSupportedException">The key or a property has a type the store cannot store, or the model is invalid.</exception>
    /// <exception cref="VectorCollectionMismatchException">The collection is stored with an incompatible record shape.</exception>
    /// <exception cref="SqliteStorageException">The file is locked, corrupt or unavailable.</exception>
    [RequiresUnreferencedCode(SqliteVectorConstants.RequiresMessage)]
    [RequiresDynamicCode(SqliteVectorConstants.RequiresMessage)]
    public override SqliteCollection<TKey, TRecord> GetCollection<TKey, TRecord>(string name, VectorStoreCollectionDefinition? definition = null)
    {
        _ = Throw.IfNullOrWhitespace(name);
        if (typeof(TRecord) == typeof(Dictionary<string, object?>))
        {
            throw new ArgumentException(VectorDataStrings.GetCollectionWithDictionaryNotSupported);
        }

        _registry.EnsureCompatible<TKey, TRecord>(name);
        CollectionModel model = new InMemoryModelBuilder().Build(typeof(TRecord), typeof(TKey), definition, _embeddingGenerator);
        _persistence.EnsureCompatible(name, VectorRecordLayout.For(name, model));
        return new SqliteCollection<TKey, TRecord>(_registry, name, model, _settings);
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The collection is in use in this process as a typed collection.</exception>
    /// <exception cref="NotSupportedException">The key or a property has a type the store cannot store, or the definition is invalid.</exception>
    /// <exception cref="VectorCollectionMismatchException">The collection is stored with an incompatible record shape.</exception>
    /// <exception cref="SqliteStorageException">The file is locked, corrupt or unavailable.</exception>
    public override SqliteDynamicCollection GetDynamicCollection(string name, VectorStoreCollectionDefinition definition)
    {
        _ = Throw.IfNullOrWhitespace(name);
        _ = Throw.IfNull(definition);
        _registry.EnsureCompatible<object, Dictionary<string, object?>>(name);
        CollectionModel model = new InMemoryModelBuilder().BuildDynamic(definition, _embeddingGenerator);
        _persistence.EnsureCompatible(name, VectorRecordLayout.For(name, model));
        return new SqliteDynamicCollection(_registry, name, model, _settings);
    }

    /// <inheritdoc/>
    /// <exception cref="SqliteStorageException">The file is locked, corrupt or unavailable.</exception>
    public override IAsyncEnumerable<string> ListCollectionNamesAsync(CancellationToken cancellationToken = default) => _registry.ListNamesAsync(cancellationToken);

    /// <inheritdoc/>
    /// <exception cref="SqliteStorageException">The file is locked, corrupt or unavailable.</exception>
    public override Task<bool> CollectionExistsAsync(string name, CancellationToken cancellationToken = default) => _registry.ExistsAsync(name, cancellationToken);

    /// <inheritdoc/>
    /// <exception cref="SqliteStorageException">The file is locked, corrupt or unavailable.</exception>
    public override Task EnsureCollectionDeletedAsync(string name, CancellationToken cancellationToken = default) => _registry.RemoveAsync(name, cancellationToken);

    /// <inheritdoc/>
    public override object? GetService(Type serviceType, object? serviceKey = null) => InMemoryStorageRegistry.StoreService(this, _metadata, serviceType, serviceKey);
}
