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
}
