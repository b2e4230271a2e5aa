namespace OperatorOs;

/// <summary>Names and tuning constants of the in-memory vector store.</summary>
internal static class InMemoryVectorConstants
{
    /// <summary>The system name reported in <see cref="Microsoft.Extensions.VectorData.VectorStoreMetadata"/>.</summary>
    public const string VectorStoreSystemName = "inmemory";

    /// <summary>The justification attached to the provider-services experimental diagnostic suppressions.</summary>
    public const string RequiresMessage = "The in-memory provider maps record types by reflection (MEVD CollectionModelBuilder.Build); use GetDynamicCollection for NativeAOT and trimming.";

    /// <summary>The vector CLR types stored natively, as listed in error messages.</summary>
    public const string SupportedVectorTypes = "ReadOnlyMemory<float>, Embedding<float>, float[]";

    /// <summary>The reciprocal-rank-fusion constant used by hybrid search.</summary>
    public const int RrfK = 60;

    /// <summary>The smallest candidate window taken from each ranking before hybrid fusion.</summary>
    public const int MinimumHybridWindow = 50;

    /// <summary>The number of compiled filter shapes kept per collection before the cache is reset.</summary>
    public const int MaxCachedFilters = 512;

    /// <summary>The default number of HNSW neighbours per upper-layer node.</summary>
    public const int DefaultHnswM = 16;

    /// <summary>The default HNSW construction candidate list size.</summary>
    public const int DefaultHnswEfConstruction = 200;

    /// <summary>The default HNSW search candidate list size.</summary>
    public const int DefaultHnswEfSearch = 80;

    /// <summary>The default seed of the HNSW layer generator.</summary>
    public const int DefaultHnswSeed = 42;

    /// <summary>The default fraction of tombstoned HNSW nodes that triggers a rebuild.</summary>
    public const double DefaultHnswRebuildRatio = 0.25;

    /// <summary>The fewest tombstones that can trigger an HNSW rebuild, so small collections are not rebuilt on every delete.</summary>
    public const int MinimumHnswTombstonesForRebuild = 64;

    /// <summary>With a filter, the HNSW candidate list is this many times ef divided by the estimated pass rate.</summary>
    public const double FilteredHnswEfMargin = 1.5;

    /// <summary>The approximate number of rows an HNSW search scores per unit of ef, to compare its cost with an exact scan's.</summary>
    public const double HnswScoresPerEf = 30;

    /// <summary>The number of evenly spaced records sampled to estimate a filter's pass rate.</summary>
    public const int FilterSampleSize = 256;

    /// <summary>The int8 short list holds this many candidates per requested result before the exact re-rank.</summary>
    public const int QuantizedShortListFactor = 8;

    /// <summary>The smallest int8 short list.</summary>
    public const int MinimumQuantizedShortList = 64;

    /// <summary>A fitted quantization range extends this fraction of the seen values' width past them on each side, so re-encodes stay rare.</summary>
    public const float QuantizationRangeMargin = 0.125f;

    /// <summary>The int8 range is refitted once more than the stored rows divided by this many rows saturated since the last fit.</summary>
    public const int SaturatedRowsRefitDivisor = 256;

    /// <summary>The fewest saturated rows that trigger an int8 range refit.</summary>
    public const int MinimumSaturatedRowsForRefit = 8;
}
