using Microsoft.Extensions.VectorData;

namespace OperatorOs;

/// <summary>Options for an <see cref="InMemoryCollection{TKey, TRecord}"/>.</summary>
public sealed class InMemoryCollectionOptions : VectorStoreCollectionOptions
{
    /// <summary>Initializes a new instance of the <see cref="InMemoryCollectionOptions"/> class.</summary>
    public InMemoryCollectionOptions()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="InMemoryCollectionOptions"/> class with the values of <paramref name="source"/>.</summary>
    /// <param name="source">The options to copy.</param>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is <see langword="null"/>.</exception>
    public InMemoryCollectionOptions(InMemoryCollectionOptions source)
        : base(OperatorOs.Shared.Throw.IfNull(source))
    {
        Quantization = source.Quantization;
        Hnsw = source.Hnsw.Clone();
        MaxScanParallelism = source.MaxScanParallelism;
    }

    /// <summary>Gets or sets the quantization of the exact (flat) scan.</summary>
    /// <value>
    /// The default value is <see cref="VectorQuantization.None"/>. With <see cref="VectorQuantization.Int8"/>, flat-indexed properties whose
    /// distance function is cosine, dot product or Euclidean are scanned over int8 codes and the short list is re-ranked exactly;
    /// Manhattan and Hamming properties keep the plain scan. A property declared with <see cref="IndexKind.QuantizedFlat"/> is quantized
    /// whatever this value is.
    /// </value>
    public VectorQuantization Quantization { get; set; }

    /// <summary>Gets or sets the parameters of the HNSW graphs built for properties declared with <see cref="IndexKind.Hnsw"/>.</summary>
    /// <value>The default value is a new <see cref="HnswIndexOptions"/> (M = 16, efConstruction = 200, efSearch = 80).</value>
    public HnswIndexOptions Hnsw { get; set; } = new();

    /// <summary>Gets or sets the most threads one exact scan (float or int8) of a large collection uses.</summary>
    /// <value>
    /// The default value is <see langword="null"/>: <see cref="Environment.ProcessorCount"/>. A scan is split into contiguous ranges, each
    /// with its own top-k heap, only when every range still covers at least about a million vector elements (e.g. 2,700 rows of 384
    /// dimensions); smaller scans run on the calling thread. Set 1 to keep every scan on the calling thread. Must be at least 1.
    /// </value>
    public int? MaxScanParallelism { get; set; }
}
