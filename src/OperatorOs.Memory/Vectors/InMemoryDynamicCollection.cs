using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;
using OperatorOs.Shared;

#pragma warning disable MEVD9001 // MEVD provider services are experimental; this is the connector-author API they exist for.

namespace OperatorOs;

/// <summary>
/// An in-memory collection whose records are <c>Dictionary&lt;string, object?&gt;</c>, mapped by a <see cref="VectorStoreCollectionDefinition"/>.
/// </summary>
/// <remarks>Compatible with trimming and NativeAOT (no reflection over record types). Thread-safe, like <see cref="InMemoryCollection{TKey, TRecord}"/>.</remarks>
#pragma warning disable CA1711 // The MEVD naming convention for collections.
public sealed class InMemoryDynamicCollection : InMemoryCollection<object, Dictionary<string, object?>>
#pragma warning restore CA1711
{
    /// <summary>Initializes a new instance of the <see cref="InMemoryDynamicCollection"/> class, a stand-alone collection.</summary>
    /// <param name="name">The name of the collection.</param>
    /// <param name="options">The options; <see cref="VectorStoreCollectionOptions.Definition"/> is required.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, or the options carry no definition.</exception>
    public InMemoryDynamicCollection(string name, InMemoryCollectionOptions options)
        : this(new InMemoryStorageRegistry(), name, options)
    {
    }

    internal InMemoryDynamicCollection(InMemoryStorageRegistry registry, string name, InMemoryCollectionOptions options)
        : base(registry, name, BuildModel(Throw.IfNull(options)), InMemoryIndexSettings.From(options.Quantization, options.Hnsw, options.MaxScanParallelism))
    {
    }

    private static CollectionModel BuildModel(InMemoryCollectionOptions options) =>
        new InMemoryModelBuilder().BuildDynamic(
            options.Definition ?? throw new ArgumentException("A definition is required for dynamic collections.", nameof(options)),
            options.EmbeddingGenerator);
}
