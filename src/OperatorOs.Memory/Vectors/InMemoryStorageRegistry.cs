using System.Collections.Concurrent;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;
using OperatorOs.Shared;

#pragma warning disable MEVD9001 // MEVD provider services are experimental; this is the connector-author API they exist for.

namespace OperatorOs;

/// <summary>The named collections of one <see cref="InMemoryVectorStore"/> (or of one stand-alone collection), optionally backed by a durable store.</summary>
/// <remarks>
/// Thread-safe: a concurrent dictionary; one collection name maps to one key and record type. With a <see cref="Persistence"/>, a
/// collection exists when it is persisted, and its storage is loaded from the persistence on its first use; creating, loading and
/// deleting collections then take one registry-wide lock, so a collection is loaded once and never while it is being deleted.
/// </remarks>
internal sealed class InMemoryStorageRegistry
{
    private readonly ConcurrentDictionary<string, IInMemoryCollectionStorage> _collections = new(StringComparer.Ordinal);
    private readonly Lock _lifecycle = new();

    /// <summary>Initializes a new instance of the <see cref="InMemoryStorageRegistry"/> class.</summary>
    /// <param name="persistence">The durable store behind the collections, or <see langword="null"/> to keep them in memory only.</param>
    public InMemoryStorageRegistry(IInMemoryCollectionPersistence? persistence = null) => Persistence = persistence;

    /// <summary>Gets the durable store behind the collections, if any.</summary>
    public IInMemoryCollectionPersistence? Persistence { get; }

    /// <summary>Gets the vector store system name the collections report.</summary>
    public string SystemName => Persistence?.SystemName ?? InMemoryVectorConstants.VectorStoreSystemName;

    /// <summary>Gets the names of the existing collections.</summary>
    public IReadOnlyList<string> Names => Persistence is { } persistence ? persistence.ListCollections() : [.. _collections.Keys];

    /// <summary>Lists the collection names: a store's <c>ListCollectionNamesAsync</c>.</summary>
    public IAsyncEnumerable<string> ListNamesAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Names.ToAsyncEnumerable();
    }

    /// <summary>Gets whether a collection exists: a store's <c>CollectionExistsAsync</c>.</summary>
    public Task<bool> ExistsAsync(string name, CancellationToken cancellationToken)
    {
        _ = Throw.IfNullOrWhitespace(name);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Exists(name));
    }

    /// <summary>Removes a collection, if present: a store's <c>EnsureCollectionDeletedAsync</c>.</summary>
    public Task RemoveAsync(string name, CancellationToken cancellationToken)
    {
        _ = Throw.IfNullOrWhitespace(name);
        cancellationToken.ThrowIfCancellationRequested();
        Remove(name);
        return Task.CompletedTask;
    }

    /// <summary>Answers a store's <c>GetService</c>: its metadata, or the store itself for its own types.</summary>
    public static object? StoreService(VectorStore store, VectorStoreMetadata metadata, Type serviceType, object? serviceKey)
    {
        _ = Throw.IfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(VectorStoreMetadata) ? metadata
            : serviceType.IsInstanceOfType(store) ? store
            : null;
    }

    /// <summary>Gets whether a collection exists.</summary>
    public bool Exists(string name) => _collections.ContainsKey(name) || (Persistence?.CollectionExists(name) ?? false);

    /// <summary>Removes a collection (and its persisted records), if present.</summary>
    public void Remove(string name)
    {
        if (Persistence is not { } persistence)
        {
            _ = _collections.TryRemove(name, out _);
            return;
        }

        lock (_lifecycle)
        {
            persistence.DeleteCollection(name);
            _ = _collections.TryRemove(name, out _);
        }
    }

    /// <summary>Gets the storage of a collection loaded in this process, or <see langword="null"/>.</summary>
    /// <exception cref="InvalidOperationException">The collection exists with another key or record type.</exception>
    public InMemoryCollectionStorage<TKey, TRecord>? Find<TKey, TRecord>(string name)
        where TKey : notnull
        where TRecord : class
    {
        if (!_collections.TryGetValue(name, out IInMemoryCollectionStorage? storage))
        {
            return null;
        }

        return storage as InMemoryCollectionStorage<TKey, TRecord> ?? throw Mismatch<TKey, TRecord>(name, storage);
    }

    /// <summary>Gets the storage of an existing collection, loading a persisted one on its first use; <see langword="null"/> when the collection does not exist.</summary>
    /// <exception cref="InvalidOperationException">The collection exists with another key or record type.</exception>
    public InMemoryCollectionStorage<TKey, TRecord>? FindOrLoad<TKey, TRecord>(string name, CollectionModel model, Func<InMemoryCollectionStorage<TKey, TRecord>> factory)
        where TKey : notnull
        where TRecord : class
    {
        InMemoryCollectionStorage<TKey, TRecord>? found = Find<TKey, TRecord>(name);
        if (found is not null || Persistence is not { } persistence)
        {
            return found;
        }

        lock (_lifecycle)
        {
            if (Find<TKey, TRecord>(name) is { } loaded)
            {
                return loaded;
            }

            return persistence.OpenCollection(name, model, create: false) ? Load(persistence, name, model, factory) : null;
        }
    }

    /// <summary>Gets the storage of a collection, creating it with <paramref name="factory"/> when absent (and persisting it) or loading a persisted one.</summary>
    /// <exception cref="InvalidOperationException">The collection exists with another key or record type.</exception>
    public InMemoryCollectionStorage<TKey, TRecord> GetOrCreate<TKey, TRecord>(string name, CollectionModel model, Func<InMemoryCollectionStorage<TKey, TRecord>> factory)
        where TKey : notnull
        where TRecord : class
    {
        if (Persistence is not { } persistence)
        {
            IInMemoryCollectionStorage storage = _collections.GetOrAdd(name, static (_, f) => f(), factory);
            return storage as InMemoryCollectionStorage<TKey, TRecord> ?? throw Mismatch<TKey, TRecord>(name, storage);
        }

        if (Find<TKey, TRecord>(name) is { } found)
        {
            return found;
        }

        lock (_lifecycle)
        {
            if (Find<TKey, TRecord>(name) is { } loaded)
            {
                return loaded;
            }

            return persistence.OpenCollection(name, model, create: true) ? Load(persistence, name, model, factory) : Add(name, factory());
        }
    }

    /// <summary>Throws when <paramref name="name"/> is in use in this process with another key or record type.</summary>
    public void EnsureCompatible<TKey, TRecord>(string name)
        where TKey : notnull
        where TRecord : class
        => _ = Find<TKey, TRecord>(name);

    private InMemoryCollectionStorage<TKey, TRecord> Load<TKey, TRecord>(
        IInMemoryCollectionPersistence persistence, string name, CollectionModel model, Func<InMemoryCollectionStorage<TKey, TRecord>> factory)
        where TKey : notnull
        where TRecord : class
    {
        InMemoryCollectionStorage<TKey, TRecord> storage = factory();
        storage.Lock.EnterWriteLock();
        try
        {
            persistence.LoadRecords<TKey, TRecord>(name, model, storage.Put);
        }
        finally
        {
            storage.Lock.ExitWriteLock();
        }

        return Add(name, storage);
    }

    private InMemoryCollectionStorage<TKey, TRecord> Add<TKey, TRecord>(string name, InMemoryCollectionStorage<TKey, TRecord> storage)
        where TKey : notnull
        where TRecord : class
    {
        _collections[name] = storage;
        return storage;
    }

    private static InvalidOperationException Mismatch<TKey, TRecord>(string name, IInMemoryCollectionStorage existing) =>
        new($"Collection '{name}' already exists with key type '{existing.KeyType.Name}' and record type '{existing.RecordType.Name}', "
            + $"so it cannot be used with key type '{typeof(TKey).Name}' and record type '{typeof(TRecord).Name}'.");
}
