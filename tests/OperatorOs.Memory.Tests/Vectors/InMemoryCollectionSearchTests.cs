using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;

namespace OperatorOs.Memory.Tests.Vectors;

public class InMemoryCollectionSearchTests
{
    public static readonly TheoryData<string> DistanceFunctions =
    [
        DistanceFunction.CosineSimilarity,
        DistanceFunction.CosineDistance,
        DistanceFunction.DotProductSimilarity,
        DistanceFunction.NegativeDotProductSimilarity,
        DistanceFunction.EuclideanDistance,
        DistanceFunction.EuclideanSquaredDistance,
        DistanceFunction.ManhattanDistance,
        DistanceFunction.HammingDistance,
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Property(MaxTest = 40)]
    public Property SearchAsync_AnyDistanceFunction_AgreesWithBruteForce()
    {
        Gen<(int Seed, int Count, int Top, int Skip, string Distance)> cases =
            from seed in Gen.Choose(0, int.MaxValue - 1)
            from count in Gen.Choose(1, 300)
            from top in Gen.Choose(1, 20)
            from skip in Gen.Choose(0, 5)
            from distance in Gen.Elements(DistanceFunctions.Select(d => d.Data).ToArray())
            select (seed, count, top, skip, distance);

        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var random = new Random(c.Seed);
            int dimensions = 1 + random.Next(40);
            bool discrete = c.Distance == DistanceFunction.HammingDistance;
            List<(int Id, float[] Vector)> data = [.. Enumerable.Range(0, c.Count).Select(i => (i, RandomVector(random, dimensions, discrete)))];
            float[] query = RandomVector(random, dimensions, discrete);

            List<VectorSearchResult<Dictionary<string, object?>>> actual = SearchDynamic(c.Distance, dimensions, data, query, c.Top, new() { Skip = c.Skip });
            List<(int Id, double Score)> expected = BruteForce(c.Distance, data, query).Skip(c.Skip).Take(c.Top).ToList();

            return actual.Count == expected.Count
                && actual.Zip(expected).All(p => Math.Abs(p.First.Score!.Value - p.Second.Score) <= 1e-4 * Math.Max(1, Math.Abs(p.Second.Score)))
                && actual.All(r => Math.Abs(r.Score!.Value - ReferenceDistance.Score(c.Distance, data[(int)r.Record["Id"]!].Vector, query)) <= 1e-4 * Math.Max(1, Math.Abs(r.Score.Value)));
        });
    }

    [Fact]
    public async Task SearchAsync_NativeVectorWithCollectionGenerator_EmbedsStringQuery()
    {
        using var collection = new InMemoryCollection<int, KeyedVectorRecord<int>>("native", new InMemoryCollectionOptions { EmbeddingGenerator = new ThreeDimensionGenerator() });
        await collection.EnsureCollectionExistsAsync(Ct);
        await collection.UpsertAsync([new KeyedVectorRecord<int> { Id = 1, Vector = [1, 0, 0] }, new KeyedVectorRecord<int> { Id = 2, Vector = [0, 1, 0] }], Ct);

        var best = await collection.SearchAsync("y", 1, cancellationToken: Ct).SingleAsync(Ct);

        Assert.Equal(2, best.Record.Id);
    }

    [Fact]
    public void Create_UnknownDistanceFunction_ThrowsNotSupported()
    {
        var definition = new VectorStoreCollectionDefinition
        {
            Properties = [new VectorStoreKeyProperty("Id", typeof(int)), new VectorStoreVectorProperty("V", typeof(float[]), 3) { DistanceFunction = "Chebyshev" }],
        };

        Assert.Throws<NotSupportedException>(() => new InMemoryDynamicCollection("bad", new InMemoryCollectionOptions { Definition = definition }));
    }

    internal static List<VectorSearchResult<Dictionary<string, object?>>> SearchDynamic(
        string distance, int dimensions, List<(int Id, float[] Vector)> data, float[] query, int top, VectorSearchOptions<Dictionary<string, object?>> options)
    {
        using var store = new InMemoryVectorStore();
        var collection = store.GetDynamicCollection("c", new VectorStoreCollectionDefinition
        {
            Properties =
            [
                new VectorStoreKeyProperty("Id", typeof(int)),
                new VectorStoreVectorProperty("Vector", typeof(ReadOnlyMemory<float>), dimensions) { DistanceFunction = distance },
            ],
        });
        collection.EnsureCollectionExistsAsync().GetAwaiter().GetResult();
        collection.UpsertAsync(data.Select(d => new Dictionary<string, object?> { ["Id"] = d.Id, ["Vector"] = new ReadOnlyMemory<float>(d.Vector) })).GetAwaiter().GetResult();
        return collection.SearchAsync(query, top, options).ToListAsync().AsTask().GetAwaiter().GetResult();
    }

    internal static List<(int Id, double Score)> BruteForce(string distance, List<(int Id, float[] Vector)> data, float[] query)
    {
        bool higherIsBetter = distance is DistanceFunction.CosineSimilarity or DistanceFunction.DotProductSimilarity;
        IEnumerable<(int Id, double Score)> scored = data.Select(d => (d.Id, ReferenceDistance.Score(distance, d.Vector, query)));
        return higherIsBetter ? [.. scored.OrderByDescending(s => s.Score)] : [.. scored.OrderBy(s => s.Score)];
    }

    private static float[] RandomVector(Random random, int dimensions, bool discrete)
    {
        var vector = new float[dimensions];
        for (int i = 0; i < dimensions; i++)
        {
            vector[i] = discrete ? random.Next(3) : (float)((random.NextDouble() * 2) - 1);
        }

        return vector;
    }

    private sealed class ThreeDimensionGenerator : IEmbeddingGenerator<string, Embedding<float>>
    {
        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
            IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(values.Select(v => new Embedding<float>(v switch
            {
                "x" => new float[] { 1, 0, 0 },
                "y" => new float[] { 0, 1, 0 },
                _ => new float[] { 0, 0, 1 },
            }))));

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
