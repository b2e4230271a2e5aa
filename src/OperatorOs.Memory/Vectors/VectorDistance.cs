using Microsoft.Extensions.VectorData;

namespace OperatorOs;

/// <summary>The distance functions the in-memory store computes, one per <see cref="DistanceFunction"/> name.</summary>
internal enum VectorDistance
{
    /// <summary><see cref="DistanceFunction.CosineSimilarity"/>: higher is better.</summary>
    CosineSimilarity,

    /// <summary><see cref="DistanceFunction.CosineDistance"/>: 1 - cosine similarity, lower is better.</summary>
    CosineDistance,

    /// <summary><see cref="DistanceFunction.DotProductSimilarity"/>: higher is better.</summary>
    DotProductSimilarity,

    /// <summary><see cref="DistanceFunction.NegativeDotProductSimilarity"/>: -dot product, lower is better.</summary>
    NegativeDotProductSimilarity,

    /// <summary><see cref="DistanceFunction.EuclideanDistance"/>: lower is better.</summary>
    EuclideanDistance,

    /// <summary><see cref="DistanceFunction.EuclideanSquaredDistance"/>: lower is better.</summary>
    EuclideanSquaredDistance,

    /// <summary><see cref="DistanceFunction.ManhattanDistance"/>: lower is better.</summary>
    ManhattanDistance,

    /// <summary><see cref="DistanceFunction.HammingDistance"/>: the number of dimensions whose values differ, lower is better.</summary>
    HammingDistance,
}
