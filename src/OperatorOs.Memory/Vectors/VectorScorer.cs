using System.Numerics.Tensors;

namespace OperatorOs;

/// <summary>Scores stored rows against one query vector with a fixed distance function.</summary>
/// <remarks>Holds a scratch buffer for the element-wise distances, so one instance serves one search at a time.</remarks>
internal sealed class VectorScorer
{
    private readonly float[] _query;
    private readonly float _queryNorm;
    private readonly float[]? _scratch;

    public VectorScorer(ReadOnlySpan<float> query, VectorDistance distance)
    {
        _query = query.ToArray();
        Distance = distance;
        HigherIsBetter = VectorDistances.HigherIsBetter(distance);
        _queryNorm = TensorPrimitives.Norm(query);
        if (distance is VectorDistance.ManhattanDistance)
        {
            _scratch = new float[query.Length];
        }
    }

    /// <summary>Creates a scorer for the same query and distance with its own scratch buffer, for a scan running on another thread.</summary>
    public VectorScorer CloneForThread() => new(_query, Distance);

    /// <summary>Gets the distance function.</summary>
    public VectorDistance Distance { get; }

    /// <summary>Gets whether higher scores are closer matches.</summary>
    public bool HigherIsBetter { get; }

    /// <summary>Computes the score of a row, as the distance function defines it.</summary>
    public float Score(ReadOnlySpan<float> row, float rowNorm)
    {
        ReadOnlySpan<float> query = _query;
        switch (Distance)
        {
            case VectorDistance.CosineSimilarity:
                return Cosine(TensorPrimitives.Dot(query, row), rowNorm);
            case VectorDistance.CosineDistance:
                return 1f - Cosine(TensorPrimitives.Dot(query, row), rowNorm);
            case VectorDistance.DotProductSimilarity:
                return TensorPrimitives.Dot(query, row);
            case VectorDistance.NegativeDotProductSimilarity:
                return -TensorPrimitives.Dot(query, row);
            case VectorDistance.EuclideanDistance:
                return TensorPrimitives.Distance(query, row);
            case VectorDistance.EuclideanSquaredDistance:
                float d = TensorPrimitives.Distance(query, row);
                return d * d;
            case VectorDistance.ManhattanDistance:
                Span<float> scratch = _scratch;
                TensorPrimitives.Subtract(row, query, scratch);
                return TensorPrimitives.SumOfMagnitudes(scratch);
            default:
                return VectorDistances.Hamming(query, row);
        }
    }

    /// <summary>Converts a score to a "higher is better" ranking key.</summary>
    public float RankKey(float score) => HigherIsBetter ? score : -score;

    /// <summary>Gets whether a score passes a <see cref="Microsoft.Extensions.VectorData.VectorSearchOptions{TRecord}.ScoreThreshold"/>.</summary>
    public bool Passes(float score, double? threshold) =>
        threshold is not double t || (HigherIsBetter ? score >= t : score <= t);

    private float Cosine(float dot, float rowNorm)
    {
        float denominator = _queryNorm * rowNorm;
        return denominator > 0f ? dot / denominator : 0f;
    }
}
