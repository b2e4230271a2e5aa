namespace OperatorOs.Benchmarks;

/// <summary>
/// Seeded, clustered unit vectors for search benchmarks: 100 gaussian clusters, each a random centre plus a gaussian spread along 16
/// cluster-specific directions plus small isotropic noise, normalised. Uniform random unit vectors have no near neighbours worth the
/// name in 384 dimensions (every pair is almost equally far), which makes approximate-search recall meaningless; real embeddings are
/// clustered with a low intrinsic dimension, which this imitates.
/// </summary>
internal static class ClusteredVectors
{
    public const int Clusters = 100;
    public const int ClusterRank = 16;
    public const float SpreadSigma = 0.2f;
    public const float NoiseSigma = 0.2f;

    /// <summary>Generates <paramref name="count"/> vectors of <paramref name="dimensions"/> dimensions; the same seed gives the same vectors.</summary>
    public static float[][] Generate(int count, int dimensions, int seed, int datasetSeed = 1234)
    {
        // The clusters come from the dataset seed, the points from the seed: queries share the clusters of the data but not its points.
        var shape = new Random(datasetSeed);
        var centres = new float[Clusters][];
        var bases = new float[Clusters][][];
        for (int c = 0; c < Clusters; c++)
        {
            centres[c] = Normalize(Gaussian(shape, dimensions, 1f));
            bases[c] = new float[ClusterRank][];
            for (int r = 0; r < ClusterRank; r++)
            {
                bases[c][r] = Gaussian(shape, dimensions, 1f / MathF.Sqrt(dimensions));
            }
        }

        var random = new Random(seed);
        var vectors = new float[count][];
        for (int i = 0; i < count; i++)
        {
            int cluster = random.Next(Clusters);
            float[] vector = Gaussian(random, dimensions, NoiseSigma / MathF.Sqrt(dimensions));
            for (int d = 0; d < dimensions; d++)
            {
                vector[d] += centres[cluster][d];
            }

            for (int r = 0; r < ClusterRank; r++)
            {
                float a = (float)NextGaussian(random) * SpreadSigma;
                float[] direction = bases[cluster][r];
                for (int d = 0; d < dimensions; d++)
                {
                    vector[d] += a * direction[d];
                }
            }

            vectors[i] = Normalize(vector);
        }

        return vectors;
    }

    private static float[] Gaussian(Random random, int dimensions, float sigma)
    {
        var vector = new float[dimensions];
        for (int d = 0; d < dimensions; d++)
        {
            vector[d] = (float)NextGaussian(random) * sigma;
        }

        return vector;
    }

    private static double NextGaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private static float[] Normalize(float[] vector)
    {
        float norm = MathF.Sqrt(vector.Sum(v => v * v));
        for (int d = 0; d < vector.Length; d++)
        {
            vector[d] /= norm;
        }

        return vector;
    }
}
