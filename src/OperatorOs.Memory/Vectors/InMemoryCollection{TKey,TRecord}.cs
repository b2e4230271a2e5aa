using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;
using OperatorOs.Shared;

#pragma warning disable MEVD9001 // MEVD provider services are experimental; this is the connector-author API they exist for.

namespace OperatorOs;

/// <summary>
/// A collection of vector store records held in process memory: a drop-in for Semantic Kernel's InMemory collection, with exact
/// search over contiguous vector storage, compiled and cached filters, and BM25 keyword hybrid search.
/// </summary>
/// <remarks>
/// <para>
/// Records are mapped through the MEVD provider services (attributes or a <see cref="VectorStoreCollectionDefinition"/>). The store keeps
/// a copy of each record without its vectors plus one row per vector property in a contiguous, chunked <see cref="float"/> buffer; the
/// records returned are fresh copies, carrying vectors only when <c>IncludeVectors</c> is set. Properties not mapped by the model are
/// not stored.
/// </para>
/// <para>
/// Thread safety: all members are safe to call concurrently. Each named collection has one reader-writer lock: gets and searches take it
/// in read mode (and run in parallel), upserts and deletes in write mode. Embeddings are generated before the lock is taken.
/// </para>
/// <para>
/// Search is exact unless the vector property asks for an index: <see cref="IndexKind.Hnsw"/> builds an HNSW graph (approximate search,
/// see <see cref="SearchAsync{TInput}"/>); <see cref="IndexKind.Flat"/>, no kind, and every other kind are served by the exact scan, which
/// <see cref="InMemoryCollectionOptions.Quantization"/> (or <see cref="IndexKind.QuantizedFlat"/>) can run over int8 codes with an exact
/// re-rank. The options are applied when the collection's storage is created (<see cref="EnsureCollectionExistsAsync"/>) by the first
/// collection object that creates it. Supported distance functions: all eight <see cref="DistanceFunction"/> names (default <see cref="DistanceFunction.CosineSimilarity"/>);
/// <see cref="DistanceFunction.HammingDistance"/> counts the dimensions whose float values differ.
/// </para>
/// </remarks>
/// <typeparam name="TKey">The key type: any type with value equality (<see cref="int"/>, <see cref="long"/>, <see cref="string"/>, <see cref="Guid"/>...).</typeparam>
/// <typeparam name="TRecord">The record type.</typeparam>
#pragma warning disable CA1711 // The MEVD naming convention for collections.
public partial class InMemoryCollection<TKey, TRecord> : VectorStoreCollection<TKey, TRecord>, IKeywordHybridSearchable<TRecord>
#pragma warning restore CA1711
    where TKey : notnull
    where TRecord : class
{
    private static readonly VectorSearchOptions<TRecord> DefaultSearchOptions = new();

    private readonly InMemoryStorageRegistry _registry;
    private readonly CollectionModel _model;
    private readonly InMemoryRecordMapper<TRecord> _mapper;
    private readonly VectorStoreCollectionMetadata _metadata;
    private readonly InMemoryIndexSettings _settings;

    /// <summary>Initializes a new instance of the <see cref="InMemoryCollection{TKey, TRecord}"/> class, a stand-alone collection.</summary>
    /// <param name="name">The name of the collection.</param>
    /// <param name="options">The options, or <see langword="null"/> for the defaults (attribute mapping, no embedding generator).</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is <see langword="null"/>, empty or white space.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An HNSW parameter or the quantization is out of range.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="TRecord"/> is <c>Dictionary&lt;string, object?&gt;</c> (use <see cref="InMemoryDynamicCollection"/>), or the model is invalid.</exception>
    [RequiresUnreferencedCode(InMemoryVectorConstants.RequiresMessage)]
    [RequiresDynamicCode(InMemoryVectorConstants.RequiresMessage)]
    public InMemoryCollection(string name, InMemoryCollectionOptions? options = null)
        : this(new InMemoryStorageRegistry(), name, BuildModel(options), InMemoryIndexSettings.From(options?.Quantization ?? VectorQuantization.None, options?.Hnsw, options?.MaxScanParallelism))
    {
    }

    /// <summary>Initializes a new instance of the <see cref="InMemoryCollection{TKey, TRecord}"/> class over a store's collections.</summary>
    internal InMemoryCollection(InMemoryStorageRegistry registry, string name, CollectionModel model, InMemoryIndexSettings settings)
    {
        _settings = settings;
        Name = Throw.IfNullOrWhitespace(name);
        _registry = registry;
        _model = model;
        _mapper = new InMemoryRecordMapper<TRecord>(model);
        _metadata = new VectorStoreCollectionMetadata
        {
            VectorStoreSystemName = registry.SystemName,
            CollectionName = name,
        };
    }

    /// <inheritdoc/>
    public override string Name { get; }

    /// <inheritdoc/>
    public override Task<bool> CollectionExistsAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_registry.Exists(Name));
    }

    /// <inheritdoc/>
    public override Task EnsureCollectionExistsAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _ = _registry.GetOrCreate(Name, _model, CreateStorage);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public override Task EnsureCollectionDeletedAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _registry.Remove(Name);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public override Task<TRecord?> GetAsync(TKey key, RecordRetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(key);
        cancellationToken.ThrowIfCancellationRequested();
        bool includeVectors = CheckIncludeVectors(options?.IncludeVectors ?? false);
        InMemoryCollectionStorage<TKey, TRecord> storage = GetStorage();
        storage.Lock.EnterReadLock();
        try
        {
            return Task.FromResult(storage.TryGetSlot(key, out int slot) ? Materialize(storage, slot, includeVectors) : null);
        }
        finally
        {
            storage.Lock.ExitReadLock();
        }
    }

    /// <inheritdoc/>
    public override async IAsyncEnumerable<TRecord> GetAsync(
        IEnumerable<TKey> keys, RecordRetrievalOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(keys);
        cancellationToken.ThrowIfCancellationRequested();
        bool includeVectors = CheckIncludeVectors(options?.IncludeVectors ?? false);
        TKey[] wanted = [.. keys];
        InMemoryCollectionStorage<TKey, TRecord> storage = GetStorage();
        var found = new List<TRecord>(wanted.Length);
        storage.Lock.EnterReadLock();
        try
        {
            foreach (TKey key in wanted)
            {
                if (storage.TryGetSlot(Throw.IfNull(key), out int slot))
                {
                    found.Add(Materialize(storage, slot, includeVectors));
                }
            }
        }
        finally
        {
            storage.Lock.ExitReadLock();
        }

        foreach (TRecord record in found)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return record;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override async IAsyncEnumerable<TRecord> GetAsync(
        Expression<Func<TRecord, bool>> filter,
        int top,
        FilteredRecordRetrievalOptions<TRecord>? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        options ??= new FilteredRecordRetrievalOptions<TRecord>();
        ArgumentOutOfRangeException.ThrowIfNegative(options.Skip, nameof(options));
        cancellationToken.ThrowIfCancellationRequested();
        bool includeVectors = CheckIncludeVectors(options.IncludeVectors);
        InMemoryCollectionStorage<TKey, TRecord> storage = GetStorage();
        CompiledFilter<TRecord> compiled = InMemoryFilterCompiler.Compile(filter, _model, storage.FilterCache);
        IReadOnlyList<FilteredRecordRetrievalOptions<TRecord>.OrderByDefinition.SortInfo>? orderBy =
            options.OrderBy?.Invoke(new FilteredRecordRetrievalOptions<TRecord>.OrderByDefinition()).Values;
        PropertyModel[] sortProperties = orderBy is null ? [] : [.. orderBy.Select(s => _model.GetDataOrKeyProperty(s.PropertySelector))];

        var results = new List<TRecord>();
        storage.Lock.EnterReadLock();
        try
        {
            List<int> slots = sortProperties.Length == 0
                ? MatchInSlotOrder(storage, compiled, options.Skip, top, cancellationToken)
                : MatchSorted(storage, compiled, sortProperties, orderBy!, options.Skip, top, cancellationToken);
            foreach (int slot in slots)
            {
                results.Add(Materialize(storage, slot, includeVectors));
            }
        }
        finally
        {
            storage.Lock.ExitReadLock();
        }

        foreach (TRecord record in results)
        {
            yield return record;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override Task DeleteAsync(TKey key, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(key);
        return DeleteAsync([key], cancellationToken);
    }

    /// <inheritdoc/>
    public override async Task DeleteAsync(IEnumerable<TKey> keys, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(keys);
        cancellationToken.ThrowIfCancellationRequested();
        TKey[] doomed = [.. keys];
        foreach (TKey key in doomed)
        {
            _ = Throw.IfNull(key);
        }

        InMemoryCollectionStorage<TKey, TRecord> storage = GetStorage();
        if (doomed.Length == 0)
        {
            return;
        }

        await WriteAsync(
            storage,
            persistence => persistence.Delete(Name, _model, doomed),
            () =>
            {
                foreach (TKey key in doomed)
                {
                    storage.Remove(key);
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override Task UpsertAsync(TRecord record, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(record);
        return UpsertAsync([record], cancellationToken);
    }

    /// <inheritdoc/>
    public override async Task UpsertAsync(IEnumerable<TRecord> records, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(records);
        cancellationToken.ThrowIfCancellationRequested();
        TRecord[] batch = [.. records];
        if (batch.Length == 0)
        {
            return;
        }

        IReadOnlyList<VectorPropertyModel> vectorProperties = _model.VectorProperties;
        var generated = new IReadOnlyList<Embedding>?[vectorProperties.Count];
        for (int p = 0; p < vectorProperties.Count; p++)
        {
            VectorPropertyModel property = vectorProperties[p];
            if (!InMemoryRecordMapper<TRecord>.IsNative(property))
            {
                generated[p] = await property.GenerateEmbeddingsAsync(batch.Select(r => property.GetValueAsObject(r)), cancellationToken).ConfigureAwait(false);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        InMemoryCollectionStorage<TKey, TRecord> storage = GetStorage();
        int[] columns = [.. vectorProperties.Select(p => storage.ColumnIndex(p.ModelName))];
        var keys = new TKey[batch.Length];
        var stored = new TRecord[batch.Length];
        var vectors = new ReadOnlyMemory<float>[batch.Length][];
        for (int r = 0; r < batch.Length; r++)
        {
            TRecord record = Throw.IfNull(batch[r]);
            keys[r] = ReadKey(record);
            stored[r] = _mapper.ToStored(record);
            vectors[r] = new ReadOnlyMemory<float>[storage.Columns.Length];
            for (int p = 0; p < vectorProperties.Count; p++)
            {
                VectorPropertyModel property = vectorProperties[p];
                vectors[r][columns[p]] = generated[p] is { } embeddings
                    ? InMemoryRecordMapper<TRecord>.CheckDimensions(property, GeneratedVector(property, embeddings[r]))
                    : InMemoryRecordMapper<TRecord>.ReadVector(property, record);
            }
        }

        await WriteAsync(
            storage,
            persistence => persistence.Upsert(Name, _model, keys, stored, vectors),
            () =>
            {
                for (int r = 0; r < batch.Length; r++)
                {
                    storage.Put(keys[r], stored[r], vectors[r]);
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        _ = Throw.IfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(VectorStoreCollectionMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    [RequiresUnreferencedCode(InMemoryVectorConstants.RequiresMessage)]
    [RequiresDynamicCode(InMemoryVectorConstants.RequiresMessage)]
    private static CollectionModel BuildModel(InMemoryCollectionOptions? options)
    {
        if (typeof(TRecord) == typeof(Dictionary<string, object?>))
        {
            throw new NotSupportedException(VectorDataStrings.NonDynamicCollectionWithDictionaryNotSupported(typeof(InMemoryDynamicCollection)));
        }

        return new InMemoryModelBuilder().Build(typeof(TRecord), typeof(TKey), options?.Definition, options?.EmbeddingGenerator);
    }

    private static ReadOnlyMemory<float> GeneratedVector(VectorPropertyModel property, Embedding embedding) =>
        embedding is Embedding<float> floats
            ? floats.Vector
            : throw new InvalidOperationException($"The embedding generator of property '{property.ModelName}' returned a '{embedding.GetType().Name}'; the in-memory store needs Embedding<float>.");

    private static List<int> MatchInSlotOrder(
        InMemoryCollectionStorage<TKey, TRecord> storage, CompiledFilter<TRecord> filter, int skip, int top, CancellationToken cancellationToken)
    {
        var slots = new List<int>(Math.Min(top, 1024));
        int skipped = 0;
        for (int slot = 0; slot < storage.HighWater && slots.Count < top; slot++)
        {
            if ((slot & 4095) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (storage.RecordAt(slot) is not { } record || !filter.Matches(record))
            {
                continue;
            }

            if (skipped < skip)
            {
                skipped++;
                continue;
            }

            slots.Add(slot);
        }

        return slots;
    }

    private static List<int> MatchSorted(
        InMemoryCollectionStorage<TKey, TRecord> storage,
        CompiledFilter<TRecord> filter,
        PropertyModel[] properties,
        IReadOnlyList<FilteredRecordRetrievalOptions<TRecord>.OrderByDefinition.SortInfo> orderBy,
        int skip,
        int top,
        CancellationToken cancellationToken)
    {
        var matches = new List<(int Slot, object?[] Keys)>();
        for (int slot = 0; slot < storage.HighWater; slot++)
        {
            if ((slot & 4095) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (storage.RecordAt(slot) is { } record && filter.Matches(record))
            {
                matches.Add((slot, [.. properties.Select(p => p.GetValueAsObject(record))]));
            }
        }

        Comparer<object?> comparer = Comparer<object?>.Default;
        matches.Sort((a, b) =>
        {
            for (int i = 0; i < properties.Length; i++)
            {
                int order = comparer.Compare(a.Keys[i], b.Keys[i]);
                if (order != 0)
                {
                    return orderBy[i].Ascending ? order : -order;
                }
            }

            return a.Slot.CompareTo(b.Slot);
        });

        return [.. matches.Skip(skip).Take(top).Select(m => m.Slot)];
    }

    private TKey ReadKey(TRecord record)
    {
        KeyPropertyModel property = _model.KeyProperty;
        object? value = property.GetValueAsObject(record);
        if (property.IsAutoGenerated && (value is null || (value is Guid guid && guid == Guid.Empty)))
        {
            Guid generated = Guid.NewGuid();
            property.SetValueAsObject(record, generated);
            value = generated;
        }

        return value is TKey key
            ? key
            : throw new ArgumentException($"The key property '{property.ModelName}' of a record is null or not a '{typeof(TKey).Name}'.", nameof(record));
    }

    private bool CheckIncludeVectors(bool includeVectors) =>
        includeVectors && _model.EmbeddingGenerationRequired
            ? throw new NotSupportedException(VectorDataStrings.IncludeVectorsNotSupportedWithEmbeddingGeneration)
            : includeVectors;

    private TRecord Materialize(InMemoryCollectionStorage<TKey, TRecord> storage, int slot, bool includeVectors) =>
        _mapper.ToResult(storage.RecordAt(slot)!, slot, storage, includeVectors);

    private InMemoryCollectionStorage<TKey, TRecord> GetStorage() =>
        _registry.FindOrLoad(Name, _model, CreateStorage) ?? throw new VectorStoreException($"Collection '{Name}' does not exist.")
        {
            CollectionName = Name,
            VectorStoreSystemName = _registry.SystemName,
        };

    private InMemoryCollectionStorage<TKey, TRecord> CreateStorage() => new(_model, _settings);

    /// <summary>
    /// Applies a change under the write lock; with a persistence, first makes it durable, holding the collection's write gate across both
    /// steps so that the durable order and the in-memory order agree (readers are not blocked while the change is written).
    /// </summary>
    private async Task WriteAsync(
        InMemoryCollectionStorage<TKey, TRecord> storage, Action<IInMemoryCollectionPersistence> persist, Action apply, CancellationToken cancellationToken)
    {
        if (_registry.Persistence is not { } persistence)
        {
            ApplyLocked(storage, apply);
            return;
        }

        await storage.WriteGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            persist(persistence);
            ApplyLocked(storage, apply);
        }
        finally
        {
            storage.WriteGate.Release();
        }
    }

    private static void ApplyLocked(InMemoryCollectionStorage<TKey, TRecord> storage, Action apply)
    {
        storage.Lock.EnterWriteLock();
        try
        {
            apply();
        }
        finally
        {
            storage.Lock.ExitWriteLock();
        }
    }
}
