namespace OperatorOs;

/// <summary>The validated, immutable index settings a collection's storage is created with.</summary>
/// <param name="Quantization">The quantization of the exact scan.</param>
/// <param name="M">The HNSW neighbours per upper-layer node.</param>
/// <param name="EfConstruction">The HNSW construction candidate list size.</param>
/// <param name="EfSearch">The HNSW search candidate list size.</param>
/// <param name="Seed">The seed of the HNSW layer generator.</param>
/// <param name="RebuildTombstoneRatio">The fraction of tombstoned HNSW nodes that triggers a rebuild.</param>
/// <param name="MaxScanParallelism">The most threads one exact scan of a large collection uses.</param>
internal sealed record InMemoryIndexSettings(
    VectorQuantization Quantization, int M, int EfConstruction, int EfSearch, int Seed, double RebuildTombstoneRatio, int MaxScanParallelism)
{
    /// <summary>Gets the defaults: no quantization, HNSW M = 16, efConstruction = 200, efSearch = 80.</summary>
    public static InMemoryIndexSettings Default { get; } = From(VectorQuantization.None, null);

    /// <summary>Validates and snapshots the public options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public static InMemoryIndexSettings From(VectorQuantization quantization, HnswIndexOptions? hnsw, int? maxScanParallelism = null)
    {
        hnsw ??= new HnswIndexOptions();
        if (!Enum.IsDefined(quantization))
        {
            throw new ArgumentOutOfRangeException(nameof(quantization), quantization, "Unknown quantization.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(hnsw.M, 2, nameof(HnswIndexOptions.M));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(hnsw.M, 128, nameof(HnswIndexOptions.M));
        ArgumentOutOfRangeException.ThrowIfLessThan(hnsw.EfConstruction, 1, nameof(HnswIndexOptions.EfConstruction));
        ArgumentOutOfRangeException.ThrowIfLessThan(hnsw.EfSearch, 1, nameof(HnswIndexOptions.EfSearch));
        if (!(hnsw.RebuildTombstoneRatio > 0 && hnsw.RebuildTombstoneRatio <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(HnswIndexOptions.RebuildTombstoneRatio), hnsw.RebuildTombstoneRatio, "Must be in (0, 1].");
        }

        if (maxScanParallelism is int parallelism)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1, nameof(InMemoryCollectionOptions.MaxScanParallelism));
        }

        return new InMemoryIndexSettings(
            quantization, hnsw.M, hnsw.EfConstruction, hnsw.EfSearch, hnsw.Seed, hnsw.RebuildTombstoneRatio, maxScanParallelism ?? Environment.ProcessorCount);
    }
}
