using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;

namespace OperatorOs;

/// <summary>Options for a <see cref="SqliteVectorStore"/>.</summary>
public sealed class SqliteVectorStoreOptions
{
    /// <summary>Gets or sets the default embedding generator for the collections the store hands out.</summary>
    /// <value>The default value is <see langword="null"/>: only pre-computed vectors can be stored and searched, unless a collection or property configures a generator.</value>
    public IEmbeddingGenerator? EmbeddingGenerator { get; set; }

    /// <summary>Gets or sets the quantization of the exact scan in the collections the store hands out; see <see cref="InMemoryCollectionOptions.Quantization"/>.</summary>
    /// <value>The default value is <see cref="VectorQuantization.None"/>.</value>
    public VectorQuantization Quantization { get; set; }

    /// <summary>Gets or sets the HNSW parameters of the collections the store hands out, for properties declared with <see cref="IndexKind.Hnsw"/>.</summary>
    /// <value>The default value is a new <see cref="HnswIndexOptions"/> (M = 16, efConstruction = 200, efSearch = 80).</value>
    public HnswIndexOptions Hnsw { get; set; } = new();

    /// <summary>Gets or sets the most threads one exact scan uses in the collections the store hands out; see <see cref="InMemoryCollectionOptions.MaxScanParallelism"/>.</summary>
    /// <value>The default value is <see langword="null"/>: <see cref="Environment.ProcessorCount"/>.</value>
    public int? MaxScanParallelism { get; set; }
}
