using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;

#pragma warning disable MEVD9001 // MEVD provider services are experimental; this is the connector-author API they exist for.

namespace OperatorOs;

/// <summary>
/// A vector collection kept in a SQLite file and searched in memory: the in-memory engine of <see cref="InMemoryCollection{TKey, TRecord}"/>
/// (exact SIMD scan, HNSW, int8 quantization, compiled filters, BM25 hybrid search) with every change written through to the file.
/// </summary>
/// <remarks>
/// <para>
/// An upsert or delete returns once it is committed to the file (durable with <see cref="SqliteStorageOptions.DurableCommits"/>); a batch
/// upsert is one transaction. The change is applied in memory only after the commit, so a failed write changes nothing. Embeddings
/// generated from a property's value at upsert are stored too: loading the collection never calls the embedding generator.
/// </para>
/// <para>
/// The collection's records are read from the file on its first use in the process (a get, a search, an upsert or
/// <see cref="VectorStoreCollection{TKey, TRecord}.EnsureCollectionExistsAsync"/>) and then served from memory. Changes made by another
/// process sharing the file are not seen until the collection is loaded again (a restart); writes from several processes are each durable.
/// </para>
/// <para>Thread-safe; see <see cref="InMemoryCollection{TKey, TRecord}"/> for the locking model. Writes to one collection are made durable one at a time, in the order they are applied.</para>
/// </remarks>
/// <typeparam name="TKey">The key type: <see cref="string"/>, <see cref="Guid"/>, <see cref="int"/>, <see cref="long"/>, <see cref="short"/>, <see cref="ushort"/>, <see cref="byte"/>, <see cref="sbyte"/> or <see cref="uint"/>.</typeparam>
/// <typeparam name="TRecord">The record type.</typeparam>
#pragma warning disable CA1711 // The MEVD naming convention for collections.
public class SqliteCollection<TKey, TRecord> : InMemoryCollection<TKey, TRecord>
#pragma warning restore CA1711
    where TKey : notnull
    where TRecord : class
{
    internal SqliteCollection(InMemoryStorageRegistry registry, string name, CollectionModel model, InMemoryIndexSettings settings)
        : base(registry, name, model, settings)
    {
    }
}
