using System.Numerics;
using System.Runtime.InteropServices;
using Microsoft.Extensions.VectorData;

namespace OperatorOs;

/// <summary>Parses <see cref="DistanceFunction"/> names and describes their score direction.</summary>
internal static class VectorDistances
{
    /// <summary>Maps a distance function name (or <see langword="null"/>, meaning cosine similarity) to its kind.</summary>
    public static bool TryParse(string? name, out VectorDistance distance)
    {
        switch (name)
        {
            case null:
            case DistanceFunction.CosineSimilarity:
                distance = VectorDistance.CosineSimilarity;
                return true;
            case DistanceFunction.CosineDistance:
                distance = VectorDistance.CosineDistance;
                return true;
            case DistanceFunction.DotProductSimilarity:
                distance = VectorDistance.DotProductSimilarity;
                return true;
            case DistanceFunction.NegativeDotProductSimilarity:
                distance = VectorDistance.NegativeDotProductSimilarity;
                return true;
            case DistanceFunction.EuclideanDistance:
                distance = VectorDistance.EuclideanDistance;
                return true;
            case DistanceFunction.EuclideanSquaredDistance:
                distance = VectorDistance.EuclideanSquaredDistance;
                return true;
            case DistanceFunction.ManhattanDistance:
                distance = VectorDistance.ManhattanDistance;
                return true;
            case DistanceFunction.HammingDistance:
                distance = VectorDistance.HammingDistance;
                return true;
            default:
                distance = default;
                return false;
        }
    }

    /// <summary>Parses a distance function name, throwing <see cref="NotSupportedException"/> for names the store does not compute.</summary>
    public static VectorDistance Parse(string? name) =>
        TryParse(name, out VectorDistance distance)
            ? distance
            : throw new NotSupportedException($"The distance function '{name}' is not supported by the in-memory vector store.");

    /// <summary>Gets whether a higher score means a closer match (similarities) rather than a lower one (distances).</summary>
    public static bool HigherIsBetter(VectorDistance distance) =>
        distance is VectorDistance.CosineSimilarity or VectorDistance.DotProductSimilarity;

    /// <summary>Counts the dimensions whose values differ, the Hamming distance of two float vectors.</summary>
    public static int Hamming(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        int length = x.Length;
        int equal = 0;
        int i = 0;
        if (Vector.IsHardwareAccelerated && length >= Vector<float>.Count)
        {
            ReadOnlySpan<Vector<float>> vx = MemoryMarshal.Cast<float, Vector<float>>(x);
            ReadOnlySpan<Vector<float>> vy = MemoryMarshal.Cast<float, Vector<float>>(y);
            Vector<int> counts = Vector<int>.Zero;
            for (int v = 0; v < vx.Length; v++)
            {
                // Equal lanes are all-ones (-1): subtracting counts them.
                counts -= Vector.Equals(vx[v], vy[v]);
            }

            equal = Vector.Sum(counts);
            i = vx.Length * Vector<float>.Count;
        }

        for (; i < length; i++)
        {
            if (x[i] == y[i])
            {
                equal++;
            }
        }

        return length - equal;
    }
}
