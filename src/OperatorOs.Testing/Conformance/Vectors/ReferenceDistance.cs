using Microsoft.Extensions.VectorData;

namespace OperatorOs.Testing;

/// <summary>Every MEVD distance function computed the slow, obvious way, to check a vector store's scores against.</summary>
public static class ReferenceDistance
{
    /// <summary>Computes a distance function's score the slow, obvious way, in double precision.</summary>
    /// <param name="distance">The distance function.</param>
    /// <param name="x">A stored vector.</param>
    /// <param name="q">The query vector.</param>
    /// <returns>The score.</returns>
    public static double Score(string distance, float[] x, float[] q)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(q);
        double dot = 0, xx = 0, qq = 0, sq = 0, abs = 0;
        int differ = 0;
        for (int i = 0; i < x.Length; i++)
        {
            dot += x[i] * (double)q[i];
            xx += x[i] * (double)x[i];
            qq += q[i] * (double)q[i];
            double diff = x[i] - (double)q[i];
            sq += diff * diff;
            abs += Math.Abs(diff);
            differ += x[i] == q[i] ? 0 : 1;
        }

        double cosine = xx == 0 || qq == 0 ? 0 : dot / Math.Sqrt(xx * qq);
        return distance switch
        {
            DistanceFunction.CosineSimilarity => cosine,
            DistanceFunction.CosineDistance => 1 - cosine,
            DistanceFunction.DotProductSimilarity => dot,
            DistanceFunction.NegativeDotProductSimilarity => -dot,
            DistanceFunction.EuclideanDistance => Math.Sqrt(sq),
            DistanceFunction.EuclideanSquaredDistance => sq,
            DistanceFunction.ManhattanDistance => abs,
            DistanceFunction.HammingDistance => differ,
            _ => throw new ArgumentOutOfRangeException(nameof(distance)),
        };
    }
}
