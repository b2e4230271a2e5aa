namespace OperatorOs;

/// <summary>The parameters of the HNSW graph built for vector properties declared with <see cref="Microsoft.Extensions.VectorData.IndexKind.Hnsw"/>.</summary>
/// <remarks>The values are read when a collection's storage is created; changing them later has no effect on existing collections.</remarks>
public sealed class HnswIndexOptions
{
    /// <summary>Gets or sets the number of neighbours each node keeps per upper layer (twice as many on the bottom layer).</summary>
    /// <value>The default value is 16. Must be between 2 and 128.</value>
    public int M { get; set; } = InMemoryVectorConstants.DefaultHnswM;

    /// <summary>Gets or sets the size of the candidate list used when inserting a node; higher builds a better graph, more slowly.</summary>
    /// <value>The default value is 200. Must be at least 1.</value>
    public int EfConstruction { get; set; } = InMemoryVectorConstants.DefaultHnswEfConstruction;

    /// <summary>Gets or sets the size of the candidate list used when searching (raised to skip + top when that is larger).</summary>
    /// <value>The default value is 80. Must be at least 1.</value>
    public int EfSearch { get; set; } = InMemoryVectorConstants.DefaultHnswEfSearch;

    /// <summary>Gets or sets the seed of the random generator that draws each node's layer, so graphs and results are reproducible.</summary>
    /// <value>The default value is 42.</value>
    public int Seed { get; set; } = InMemoryVectorConstants.DefaultHnswSeed;

    /// <summary>Gets or sets the fraction of deleted (tombstoned) nodes at which the graph is rebuilt from the live records.</summary>
    /// <value>The default value is 0.25. Must be greater than 0 and at most 1.</value>
    public double RebuildTombstoneRatio { get; set; } = InMemoryVectorConstants.DefaultHnswRebuildRatio;

    /// <summary>Creates a copy of these options.</summary>
    /// <returns>A new instance with the same values.</returns>
    public HnswIndexOptions Clone() => (HnswIndexOptions)MemberwiseClone();
}
