using System.Numerics.Tensors;

namespace OperatorOs;

/// <summary>Maps distance functions to the approximate-search metrics and computes "higher is closer" similarities.</summary>
internal static class GraphMetrics
{
    /// <summary>Gets the metric for a distance function, or <see langword="false"/> for Manhattan and Hamming, which are always scanned exactly.</summary>
    public static bool TryGet(VectorDistance distance, out GraphMetric metric)
    {
        switch (distance)
        {
            case VectorDistance.CosineSimilarity:
            case VectorDistance.CosineDistance:
                metric = GraphMetric.Cosine;
                return true;
            case VectorDistance.DotProductSimilarity:
            case VectorDistance.NegativeDotProductSimilarity:
                metric = GraphMetric.Dot;
                return true;
            case VectorDistance.EuclideanDistance:
            case VectorDistance.EuclideanSquaredDistance:
                metric = GraphMetric.Euclidean;
                return true;
            default:
                metric = default;
                return false;
        }
    }

    /// <summary>Computes the similarity of two rows (higher is closer) given their L2 norms.</summary>
    public static float Similarity(GraphMetric metric, ReadOnlySpan<float> x, float xNorm, ReadOnlySpan<float> y, float yNorm)
    {
        switch (metric)
        {
            case GraphMetric.Cosine:
                float denominator = xNorm * yNorm;
                return denominator > 0f ? TensorPrimitives.Dot(x, y) / denominator : 0f;
            case GraphMetric.Dot:
                return TensorPrimitives.Dot(x, y);
            default:
                return -TensorPrimitives.Distance(x, y);
        }
    }
}
