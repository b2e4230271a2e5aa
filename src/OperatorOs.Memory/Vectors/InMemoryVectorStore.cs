using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;
using OperatorOs.Shared;

#pragma warning disable MEVD9001 // MEVD provider services are experimental; this is the connector-author API they exist for.

namespace OperatorOs;

/// <summary>
/// A vector store held in process memory: a drop-in for Semantic Kernel's InMemory vector store (Microsoft.Extensions.VectorData 10).
/// </summary>
/// <remarks>
/// Collections are shared by name: every <see cref="GetCollection{TKey, TRecord}"/> call with the same name (and types) sees the same
/// records. A name is bound to one key and record type for as long as the collection exists. Thread-safe; see
/// <see cref="InMemoryCollection{TKey, TRecord}"/> for the locking model. Everything is lost when the store is collected.
/// </remarks>
public sealed class InMemoryVectorStore : VectorStore
{
    private readonly InMemoryStorageRegistry _registry = new();
    private readonly IEmbeddingGenerator? _embeddingGenerator;
    private readonly VectorQuantization _quantization;
    private readonly HnswIndexOptions _hnsw;
    private readonly int? _maxScanParallelism;
    private readonly InMemoryIndexSettings _settings;
    private readonly VectorStoreMetadata _metadata = new() { VectorStoreSystemName = InMemoryVectorConstants.VectorStoreSystemName };

    /// <summary>Initializes a new instance of the <see cref="InMemoryVectorStore"/> class, without an embedding generator.</summary>
    public InMemoryVectorStore()
        : this(null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="InMemoryVectorStore"/> class.</summary>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException">An HNSW parameter or the quantization is out of range.</exception>
    public InMemoryVectorStore(InMemoryVectorStoreOptions? options)
    {
        _embeddingGenerator = options?.EmbeddingGenerator;
        _quantization = options?.Quantization ?? VectorQuantization.None;
        _hnsw = options?.Hnsw?.Clone() ?? new HnswIndexOptions();
        _maxScanParallelism = options?.MaxScanParallelism;
        _settings = InMemoryIndexSettings.From(_quantization, _hnsw, _maxScanParallelism);
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException"><typeparamref name="TRecord"/> is <c>Dictionary&lt;string, object?&gt;</c>: use <see cref="GetDynamicCollection"/>.</exception>
    /// <exception cref="InvalidOperationException">The collection exists with another key or record type.</exception>
    [RequiresUnreferencedCode(InMemoryVectorConstants.RequiresMessage)]
    [RequiresDynamicCode(InMemoryVectorConstants.RequiresMessage)]
    public override InMemoryCollection<TKey, TRecord> GetCollection<TKey, TRecord>(string name, VectorStoreCollectionDefinition? definition = null)
    {
        _ = Throw.IfNullOrWhitespace(name);
        if (typeof(TRecord) == typeof(Dictionary<string, object?>))
        {
            throw new ArgumentException(VectorDataStrings.GetCollectionWithDictionaryNotSupported);
        }

        _registry.EnsureCompatible<TKey, TRecord>(name);
        CollectionModel model = new InMemoryModelBuilder().Build(typeof(TRecord), typeof(TKey), definition, _embeddingGenerator);
        return new InMemoryCollection<TKey, TRecord>(_registry, name, model, _settings);
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The collection exists with another key or record type.</exception>
    public override InMemoryDynamicCollection GetDynamicCollection(string name, VectorStoreCollectionDefinition definition)
    {
        _ = Throw.IfNullOrWhitespace(name);
        _ = Throw.IfNull(definition);
        _registry.EnsureCompatible<object, Dictionary<string, object?>>(name);
        return new InMemoryDynamicCollection(_registry, name, new InMemoryCollectionOptions
        {
            Definition = definition,
            EmbeddingGenerator = _embeddingGenerator,
            Quantization = _quantization,
            Hnsw = _hnsw.Clone(),
            MaxScanParallelism = _maxScanParallelism,
        });
    }

    /// <inheritdoc/>
    public override IAsyncEnumerable<string> ListCollectionNamesAsync(CancellationToken cancellationToken = default) => _registry.ListNamesAsync(cancellationToken);

    /// <inheritdoc/>
    public override Task<bool> CollectionExistsAsync(string name, CancellationToken cancellationToken = default) => _registry.ExistsAsync(name, cancellationToken);

    /// <inheritdoc/>
    public override Task EnsureCollectionDeletedAsync(string name, CancellationToken cancellationToken = default) => _registry.RemoveAsync(name, cancellationToken);

    /// <inheritdoc/>
    public override object? GetService(Type serviceType, object? serviceKey = null) => InMemoryStorageRegistry.StoreService(this, _metadata, serviceType, serviceKey);
}
