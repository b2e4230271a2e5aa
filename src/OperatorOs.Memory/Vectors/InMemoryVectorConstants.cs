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
}
