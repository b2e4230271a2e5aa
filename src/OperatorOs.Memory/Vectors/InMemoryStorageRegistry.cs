using System.Collections.Concurrent;

namespace OperatorOs;

/// <summary>The named collections of one <see cref="InMemoryVectorStore"/> (or of one stand-alone collection).</summary>
/// <remarks>Thread-safe: a concurrent dictionary; one collection name maps to one key and record type.</remarks>
internal sealed class InMemoryStorageRegistry
{
    private readonly ConcurrentDictionary<string, IInMemoryCollectionStorage> _collections = new(StringComparer.Ordinal);

    /// <summary>Gets the names of the existing collections.</summary>
    public ICollection<string> Names => _collections.Keys;

    /// <summary>Gets whether a collection exists.</summary>
    public bool Exists(string name) => _collections.ContainsKey(name);

    /// <summary>Removes a collection, if present.</summary>
    public void Remove(string name) => _ = _collections.TryRemove(name, out _);

    /// <summary>Gets the storage of an existing collection, or <see langword="null"/>.</summary>
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

    /// <summary>Gets the storage of a collection, creating it with <paramref name="factory"/> when absent.</summary>
    /// <exception cref="InvalidOperationException">The collection exists with another key or record type.</exception>
    public InMemoryCollectionStorage<TKey, TRecord> GetOrAdd<TKey, TRecord>(string name, Func<InMemoryCollectionStorage<TKey, TRecord>> factory)
        where TKey : notnull
        where TRecord : class
    {
        IInMemoryCollectionStorage storage = _collections.GetOrAdd(name, static (_, f) => f(), factory);
        return storage as InMemoryCollectionStorage<TKey, TRecord> ?? throw Mismatch<TKey, TRecord>(name, storage);
    }

    /// <summary>Throws when <paramref name="name"/> is in use with another key or record type.</summary>
    public void EnsureCompatible<TKey, TRecord>(string name)
        where TKey : notnull
        where TRecord : class
        => _ = Find<TKey, TRecord>(name);

    private static InvalidOperationException Mismatch<TKey, TRecord>(string name, IInMemoryCollectionStorage existing) =>
        new($"Collection '{name}' already exists with key type '{existing.KeyType.Name}' and record type '{existing.RecordType.Name}', "
            + $"so it cannot be used with key type '{typeof(TKey).Name}' and record type '{typeof(TRecord).Name}'.");
}
