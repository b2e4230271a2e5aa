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
                && actual.All(r => Math.Abs(r.Score!.Value - Reference(c.Distance, data[(int)r.Record["Id"]!].Vector, query)) <= 1e-4 * Math.Max(1, Math.Abs(r.Score.Value)));
        });
    }

    [Theory]
    [MemberData(nameof(DistanceFunctions))]
    public void SearchAsync_EachDistanceFunction_OrdersBestFirstAndAppliesThreshold(string distance)
    {
        var random = new Random(distance.Length);
        bool discrete = distance == DistanceFunction.HammingDistance;
        List<(int Id, float[] Vector)> data = [.. Enumerable.Range(0, 200).Select(i => (i, RandomVector(random, 16, discrete)))];
        float[] query = RandomVector(random, 16, discrete);
        List<(int Id, double Score)> expected = BruteForce(distance, data, query);
        double threshold = (expected[20].Score + expected[21].Score) / 2;

        List<VectorSearchResult<Dictionary<string, object?>>> all = SearchDynamic(distance, 16, data, query, 200, new());
        List<VectorSearchResult<Dictionary<string, object?>>> limited = SearchDynamic(distance, 16, data, query, 200, new() { ScoreThreshold = threshold });

        bool higherIsBetter = distance is DistanceFunction.CosineSimilarity or DistanceFunction.DotProductSimilarity;
        Assert.Equal(200, all.Count);
        for (int i = 1; i < all.Count; i++)
        {
            Assert.True(higherIsBetter ? all[i - 1].Score >= all[i].Score : all[i - 1].Score <= all[i].Score);
        }

        Assert.All(limited, r => Assert.True(higherIsBetter ? r.Score >= threshold : r.Score <= threshold));
        Assert.Equal(expected.Count(e => higherIsBetter ? e.Score >= threshold : e.Score <= threshold), limited.Count);
    }

    [Fact]
    public async Task SearchAsync_IncludeVectors_ReturnsVectorsOnlyWhenAsked()
    {
        using var store = new InMemoryVectorStore();
        var collection = store.GetCollection<int, KeyedRecord<int>>("iv");
        await collection.EnsureCollectionExistsAsync(Ct);
        await collection.UpsertAsync(new KeyedRecord<int> { Id = 1, Vector = [1, 2, 3] }, Ct);

        var without = await collection.SearchAsync(new float[] { 1, 2, 3 }, 1, cancellationToken: Ct).SingleAsync(Ct);
        var with = await collection.SearchAsync(new ReadOnlyMemory<float>([1, 2, 3]), 1, new() { IncludeVectors = true }, Ct).SingleAsync(Ct);

        Assert.Null(without.Record.Vector);
        Assert.Equal([1f, 2f, 3f], with.Record.Vector!);
        Assert.Equal(1.0, with.Score!.Value, 5);
    }

    [Fact]
    public async Task SearchAsync_SeveralVectors_UsesSelectedProperty()
    {
        using var store = new InMemoryVectorStore();
        var collection = store.GetCollection<Guid, ArticleRecord>("multi");
        await collection.EnsureCollectionExistsAsync(Ct);
        Guid a = Guid.NewGuid(), b = Guid.NewGuid();
        await collection.UpsertAsync(
        [
            new ArticleRecord { Id = a, Body = "a", Dense = new Embedding<float>(new float[] { 1, 0, 0, 0 }), Other = [10, 10, 10, 10] },
            new ArticleRecord { Id = b, Body = "b", Dense = new Embedding<float>(new float[] { 0, 1, 0, 0 }), Other = [0, 0, 0, 0] },
        ], Ct);

        var byDense = await collection.SearchAsync(new Embedding<float>(new float[] { 1, 0, 0, 0 }), 1, new() { VectorProperty = r => r.Dense }, Ct).SingleAsync(Ct);
        var byOther = await collection.SearchAsync(new float[] { 0, 0, 0, 0 }, 1, new() { VectorProperty = r => r.Other, IncludeVectors = true }, Ct).SingleAsync(Ct);

        Assert.Equal(a, byDense.Record.Id);
        Assert.Equal(b, byOther.Record.Id);
        Assert.Equal(0, byOther.Score);
        Assert.Equal([0f, 1f, 0f, 0f], byOther.Record.Dense!.Vector.ToArray());
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await collection.SearchAsync(new float[] { 1, 0, 0, 0 }, 1, cancellationToken: Ct).ToListAsync(Ct));
    }

    [Fact]
    public async Task SearchAsync_StringInputWithGenerator_GeneratesEmbeddingsAtUpsertAndSearch()
    {
        var generator = new FakeEmbeddingGenerator();
        using var store = new InMemoryVectorStore(new InMemoryVectorStoreOptions { EmbeddingGenerator = generator });
        var collection = store.GetCollection<string, TextRecord>("generated");
        await collection.EnsureCollectionExistsAsync(Ct);
        string[] texts = ["banana", "tttt", "sun sets", "oooo uuu"];
        await collection.UpsertAsync(texts.Select(t => new TextRecord { Id = t, Text = t, Embedding = t }), Ct);

        List<VectorSearchResult<TextRecord>> results = await collection.SearchAsync("tttt", 4, cancellationToken: Ct).ToListAsync(Ct);

        Assert.Equal("tttt", results[0].Record.Id);
        Assert.Equal(1.0, results[0].Score!.Value, 4);
        Assert.Equal("tttt", results[0].Record.Embedding);
        Assert.Equal(2, generator.Calls);
        var expected = texts.OrderByDescending(t => Cosine(FakeEmbeddingGenerator.Embed(t), FakeEmbeddingGenerator.Embed("tttt"))).ToArray();
        Assert.Equal(expected, results.Select(r => r.Record.Id));
    }

    [Fact]
    public async Task SearchAsync_NativeVectorWithCollectionGenerator_EmbedsStringQuery()
    {
        using var collection = new InMemoryCollection<int, KeyedRecord<int>>("native", new InMemoryCollectionOptions { EmbeddingGenerator = new ThreeDimensionGenerator() });
        await collection.EnsureCollectionExistsAsync(Ct);
        await collection.UpsertAsync([new KeyedRecord<int> { Id = 1, Vector = [1, 0, 0] }, new KeyedRecord<int> { Id = 2, Vector = [0, 1, 0] }], Ct);

        var best = await collection.SearchAsync("y", 1, cancellationToken: Ct).SingleAsync(Ct);

        Assert.Equal(2, best.Record.Id);
    }

    [Fact]
    public async Task SearchAsync_StringInputWithoutGenerator_ThrowsNotSupported()
    {
        using var store = new InMemoryVectorStore();
        var collection = store.GetCollection<int, KeyedRecord<int>>("nogen");
        await collection.EnsureCollectionExistsAsync(Ct);

        await Assert.ThrowsAsync<NotSupportedException>(async () => await collection.SearchAsync("text", 1, cancellationToken: Ct).ToListAsync(Ct));
    }

    [Fact]
    public async Task SearchAsync_Filter_RestrictsCandidates()
    {
        using var store = new InMemoryVectorStore();
        var collection = store.GetCollection<int, FilterRecord>("filtered");
        await collection.EnsureCollectionExistsAsync(Ct);
        await collection.UpsertAsync(Enumerable.Range(0, 50).Select(i => new FilterRecord { Id = i, Rating = i % 3, Vector = new float[] { i, 1, 0, 0 } }), Ct);

        List<VectorSearchResult<FilterRecord>> results =
            await collection.SearchAsync(new float[] { 1, 0, 0, 0 }, 100, new() { Filter = r => r.Rating == 1 }, Ct).ToListAsync(Ct);

        Assert.Equal(Enumerable.Range(0, 50).Count(i => i % 3 == 1), results.Count);
        Assert.All(results, r => Assert.Equal(1, r.Record.Rating));
    }

    [Fact]
    public async Task SearchAsync_TopBelowOne_Throws()
    {
        using var store = new InMemoryVectorStore();
        var collection = store.GetCollection<int, KeyedRecord<int>>("top");
        await collection.EnsureCollectionExistsAsync(Ct);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await collection.SearchAsync(new float[] { 1, 1, 1 }, 0, cancellationToken: Ct).ToListAsync(Ct));
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
        IEnumerable<(int Id, double Score)> scored = data.Select(d => (d.Id, Reference(distance, d.Vector, query)));
        return higherIsBetter ? [.. scored.OrderByDescending(s => s.Score)] : [.. scored.OrderBy(s => s.Score)];
    }

    internal static double Reference(string distance, float[] x, float[] q)
    {
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

    private static float[] RandomVector(Random random, int dimensions, bool discrete)
    {
        var vector = new float[dimensions];
        for (int i = 0; i < dimensions; i++)
        {
            vector[i] = discrete ? random.Next(3) : (float)((random.NextDouble() * 2) - 1);
        }

        return vector;
    }

    private static double Cosine(float[] a, float[] b) => Reference(DistanceFunction.CosineSimilarity, a, b);

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
