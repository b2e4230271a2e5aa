using Microsoft.Extensions.VectorData.ProviderServices;

#pragma warning disable MEVD9001 // MEVD provider services are experimental; this is the connector-author API they exist for.

namespace OperatorOs;

/// <summary>
/// Keeps the collections of a store somewhere durable while the in-memory engine serves reads and searches: it is told of every
/// change before the change is applied in memory, and hands a collection's records back on the collection's first use in a process.
/// </summary>
/// <remarks>
/// <para>
/// Each write method must be durable when it returns and must throw (changing nothing) when it cannot be; the engine applies a change in
/// memory only after the write method returned. The engine calls the write methods of one collection one at a time, in the order their
/// changes are applied in memory; they can be called concurrently for different collections.
/// </para>
/// <para>
/// Records are the engine's stored copies: fresh instances holding the key, the data properties and the source values of generated
/// embeddings, but no vectors. Vectors come separately, indexed like <see cref="CollectionModel.VectorProperties"/> (generated embeddings
/// included, so a reload never calls the embedding generator); an empty vector means the record has none for that property.
/// </para>
/// </remarks>
internal interface IInMemoryCollectionPersistence
{
    /// <summary>Gets the name reported as the vector store system name by the collections (for example <c>sqlite</c>).</summary>
    string SystemName { get; }

    /// <summary>Gets the names of the persisted collections.</summary>
    IReadOnlyList<string> ListCollections();

    /// <summary>Gets whether a collection is persisted.</summary>
    bool CollectionExists(string name);

    /// <summary>Opens a persisted collection for <paramref name="model"/>, creating it when missing if <paramref name="create"/> is set.</summary>
    /// <returns><see langword="true"/> when the collection was persisted before the call (so it has records to load); <see langword="false"/> when it was just created or, without <paramref name="create"/>, does not exist.</returns>
    /// <remarks>Throws when the persisted collection's shape is incompatible with <paramref name="model"/>.</remarks>
    bool OpenCollection(string name, CollectionModel model, bool create);

    /// <summary>Reads every record of a persisted collection, in the order they were first written, handing each to <paramref name="load"/>.</summary>
    void LoadRecords<TKey, TRecord>(string name, CollectionModel model, Action<TKey, TRecord, ReadOnlyMemory<float>[]> load)
        where TKey : notnull
        where TRecord : class;

    /// <summary>Deletes a persisted collection and its records, if present.</summary>
    void DeleteCollection(string name);

    /// <summary>Inserts or replaces records, all in one atomic write.</summary>
    void Upsert<TKey, TRecord>(string name, CollectionModel model, IReadOnlyList<TKey> keys, IReadOnlyList<TRecord> records, IReadOnlyList<ReadOnlyMemory<float>[]> vectors)
        where TKey : notnull
        where TRecord : class;

    /// <summary>Deletes records by key, all in one atomic write; missing keys are ignored.</summary>
    void Delete<TKey>(string name, CollectionModel model, IReadOnlyList<TKey> keys)
        where TKey : notnull;
}
