using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using Xunit;

namespace OperatorOs.Testing;

/// <content>Vector search and keyword hybrid search.</content>
public abstract partial class VectorStoreConformanceTests
{
    [Theory]
    [InlineData(DistanceFunction.CosineSimilarity)]
    [InlineData(DistanceFunction.CosineDistance)]
    [InlineData(DistanceFunction.DotProductSimilarity)]
    [InlineData(DistanceFunction.NegativeDotProductSimilarity)]
    [InlineData(DistanceFunction.EuclideanDistance)]
    [InlineData(DistanceFunction.EuclideanSquaredDistance)]
    [InlineData(DistanceFunction.ManhattanDistance)]
    [InlineData(DistanceFunction.HammingDistance)]
    public async Task SearchAsync_EachDistanceFunction_MatchesBruteForceAndAppliesThreshold(string distance)
    {
        var random = new Random(distance.Length);
        bool discrete = distance == DistanceFunction.HammingDistance;
        List<(int Id, float[] Vector)> data = [.. Enumerable.Range(0, 120).Select(i => (i, RandomVector(random, 16, discrete)))];
        float[] query = RandomVector(random, 16, discrete);
        VectorStoreCollection<object, Dictionary<string, object?>> collection = NewStore().GetDynamicCollection("distances", new VectorStoreCollectionDefinition
        {
            Properties =
            [
                new VectorStoreKeyProperty("Id", typeof(int)),
                new VectorStoreVectorProperty("Vector", typeof(ReadOnlyMemory<float>), 16) { DistanceFunction = distance },
            ],
        });
        await collection.EnsureCollectionExistsAsync(Ct);
        await collection.UpsertAsync(data.Select(d => new Dictionary<string, object?> { ["Id"] = d.Id, ["Vector"] = new ReadOnlyMemory<float>(d.Vector) }), Ct);
        bool higherIsBetter = distance is DistanceFunction.CosineSimilarity or DistanceFunction.DotProductSimilarity;
        List<double> expected = [.. data.Select(d => ReferenceDistance.Score(distance, d.Vector, query)).OrderBy(s => higherIsBetter ? -s : s)];
        double threshold = (expected[20] + expected[21]) / 2;

        List<VectorSearchResult<Dictionary<string, object?>>> top = await collection.SearchAsync(query, 10, new() { Skip = 3 }, Ct).ToListAsync(Ct);
        List<VectorSearchResult<Dictionary<string, object?>>> limited = await collection.SearchAsync(query, 200, new() { ScoreThreshold = threshold }, Ct).ToListAsync(Ct);

        Assert.Equal(10, top.Count);
        for (int i = 0; i < top.Count; i++)
        {
            Assert.Equal(expected[i + 3], top[i].Score!.Value, 1e-4 * Math.Max(1, Math.Abs(expected[i + 3])));
            Assert.Equal(ReferenceDistance.Score(distance, data[(int)top[i].Record["Id"]!].Vector, query), top[i].Score!.Value, 1e-4 * Math.Max(1, Math.Abs(top[i].Score!.Value)));
        }

        Assert.All(limited, r => Assert.True(higherIsBetter ? r.Score >= threshold : r.Score <= threshold));
        Assert.Equal(expected.Count(s => higherIsBetter ? s >= threshold : s <= threshold), limited.Count);
    }

    [Fact]
    public async Task SearchAsync_IncludeVectors_ReturnsVectorsOnlyWhenAsked()
    {
        VectorStoreCollection<int, KeyedVectorRecord<int>> collection = await CreateCollectionAsync<int, KeyedVectorRecord<int>>("iv");
        await collection.UpsertAsync(new KeyedVectorRecord<int> { Id = 1, Vector = [1, 2, 3] }, Ct);

        VectorSearchResult<KeyedVectorRecord<int>> without = await collection.SearchAsync(new float[] { 1, 2, 3 }, 1, cancellationToken: Ct).SingleAsync(Ct);
        VectorSearchResult<KeyedVectorRecord<int>> with = await collection.SearchAsync(new ReadOnlyMemory<float>([1, 2, 3]), 1, new() { IncludeVectors = true }, Ct).SingleAsync(Ct);

        Assert.Null(without.Record.Vector);
        Assert.Equal([1f, 2f, 3f], with.Record.Vector!);
        Assert.Equal(1.0, with.Score!.Value, 5);
    }

    [Fact]
    public async Task SearchAsync_SeveralVectors_UsesSelectedProperty()
    {
        VectorStoreCollection<Guid, ArticleVectorRecord> collection = await CreateCollectionAsync<Guid, ArticleVectorRecord>("multi");
        Guid a = Guid.NewGuid(), b = Guid.NewGuid();
        await collection.UpsertAsync(
            [
                new ArticleVectorRecord { Id = a, Body = "a", Dense = new Embedding<float>(new float[] { 1, 0, 0, 0 }), Other = [10, 10, 10, 10] },
                new ArticleVectorRecord { Id = b, Body = "b", Dense = new Embedding<float>(new float[] { 0, 1, 0, 0 }), Other = [0, 0, 0, 0] },
            ],
            Ct);

        VectorSearchResult<ArticleVectorRecord> byDense = await collection.SearchAsync(new Embedding<float>(new float[] { 1, 0, 0, 0 }), 1, new() { VectorProperty = r => r.Dense }, Ct).SingleAsync(Ct);
        VectorSearchResult<ArticleVectorRecord> byOther = await collection.SearchAsync(new float[] { 0, 0, 0, 0 }, 1, new() { VectorProperty = r => r.Other, IncludeVectors = true }, Ct).SingleAsync(Ct);

        Assert.Equal(a, byDense.Record.Id);
        Assert.Equal(b, byOther.Record.Id);
        Assert.Equal(0, byOther.Score);
        Assert.Equal([0f, 1f, 0f, 0f], byOther.Record.Dense!.Vector.ToArray());
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await collection.SearchAsync(new float[] { 1, 0, 0, 0 }, 1, cancellationToken: Ct).ToListAsync(Ct));
    }

    [Fact]
    public async Task SearchAsync_StringInputWithGenerator_GeneratesEmbeddingsAtUpsertAndSearch()
    {
        var generator = new LetterCountEmbeddingGenerator();
        VectorStoreCollection<string, TextVectorRecord> collection = await CreateCollectionAsync<string, TextVectorRecord>("generated", generator);
        string[] texts = ["banana", "tttt", "sun sets", "oooo uuu"];
        await collection.UpsertAsync(texts.Select(t => new TextVectorRecord { Id = t, Text = t, Embedding = t }), Ct);

        List<VectorSearchResult<TextVectorRecord>> results = await collection.SearchAsync("tttt", 4, cancellationToken: Ct).ToListAsync(Ct);

        Assert.Equal("tttt", results[0].Record.Id);
        Assert.Equal(1.0, results[0].Score!.Value, 4);
        Assert.Equal("tttt", results[0].Record.Embedding);
        Assert.Equal(2, generator.Calls);
        string[] expected = [.. texts.OrderByDescending(t => ReferenceDistance.Score(DistanceFunction.CosineSimilarity, LetterCountEmbeddingGenerator.Embed(t), LetterCountEmbeddingGenerator.Embed("tttt")))];
        Assert.Equal(expected, results.Select(r => r.Record.Id));
    }

    [Fact]
    public async Task SearchAsync_StringInputWithoutGenerator_ThrowsNotSupported()
    {
        VectorStoreCollection<int, KeyedVectorRecord<int>> collection = await CreateCollectionAsync<int, KeyedVectorRecord<int>>("nogen");

        await Assert.ThrowsAsync<NotSupportedException>(async () => await collection.SearchAsync("text", 1, cancellationToken: Ct).ToListAsync(Ct));
    }

    [Fact]
    public async Task SearchAsync_Filter_RestrictsCandidates()
    {
        VectorStoreCollection<int, FilterVectorRecord> collection = await CreateCollectionAsync<int, FilterVectorRecord>("filtered");
        await collection.UpsertAsync(Enumerable.Range(0, 50).Select(i => new FilterVectorRecord { Id = i, Rating = i % 3, Tags = [i % 2 == 0 ? "even" : "odd"], Vector = new float[] { i, 1, 0, 0 } }), Ct);

        List<VectorSearchResult<FilterVectorRecord>> results =
            await collection.SearchAsync(new float[] { 1, 0, 0, 0 }, 100, new() { Filter = r => r.Rating == 1 && r.Tags.Contains("even") }, Ct).ToListAsync(Ct);

        Assert.Equal(Enumerable.Range(0, 50).Count(i => i % 3 == 1 && i % 2 == 0), results.Count);
        Assert.All(results, r => Assert.Equal(1, r.Record.Rating));
    }

    [Fact]
    public async Task SearchAsync_TopBelowOne_Throws()
    {
        VectorStoreCollection<int, KeyedVectorRecord<int>> collection = await CreateCollectionAsync<int, KeyedVectorRecord<int>>("top");

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await collection.SearchAsync(new float[] { 1, 1, 1 }, 0, cancellationToken: Ct).ToListAsync(Ct));
    }

    [Fact]
    public async Task HybridSearchAsync_KeywordOnlyAndVectorOnlyMatches_BothOutrankUnrelatedRecords()
    {
        (IKeywordHybridSearchable<ArticleVectorRecord> collection, Dictionary<string, Guid> ids) = await SeedArticlesAsync();

        List<VectorSearchResult<ArticleVectorRecord>> results = await collection.HybridSearchAsync(
            new Embedding<float>(new float[] { 1, 0, 0, 0 }), ["zebra"], 3, new() { VectorProperty = r => r.Dense }, Ct).ToListAsync(Ct);

        Guid[] top = [.. results.Select(r => r.Record.Id)];
        Assert.Equal(ids["both"], top[0]);
        Assert.Contains(ids["keyword"], top);
        Assert.Contains(ids["vector"], top);
        Assert.True(results[0].Score > results[1].Score);
    }

    [Fact]
    public async Task HybridSearchAsync_FilterSkipTopAndThreshold_AreHonoured()
    {
        (IKeywordHybridSearchable<ArticleVectorRecord> collection, Dictionary<string, Guid> ids) = await SeedArticlesAsync();
        var query = new Embedding<float>(new float[] { 1, 0, 0, 0 });

        List<VectorSearchResult<ArticleVectorRecord>> filtered = await collection.HybridSearchAsync(
            query, ["zebra"], 10, new() { VectorProperty = r => r.Dense, Filter = r => r.Category == "animals" }, Ct).ToListAsync(Ct);
        List<VectorSearchResult<ArticleVectorRecord>> all = await collection.HybridSearchAsync(
            query, ["zebra"], 10, new() { VectorProperty = r => r.Dense }, Ct).ToListAsync(Ct);
        List<VectorSearchResult<ArticleVectorRecord>> skipped = await collection.HybridSearchAsync(
            query, ["zebra"], 2, new() { VectorProperty = r => r.Dense, Skip = 1, IncludeVectors = true }, Ct).ToListAsync(Ct);
        List<VectorSearchResult<ArticleVectorRecord>> thresholded = await collection.HybridSearchAsync(
            query, ["zebra"], 10, new() { VectorProperty = r => r.Dense, ScoreThreshold = all[1].Score }, Ct).ToListAsync(Ct);

        Assert.All(filtered, r => Assert.Equal("animals", r.Record.Category));
        Assert.Equal(all.Skip(1).Take(2).Select(r => r.Record.Id), skipped.Select(r => r.Record.Id));
        Assert.All(skipped, r => Assert.NotNull(r.Record.Dense));
        Assert.Null(all[0].Record.Dense);
        Assert.All(thresholded, r => Assert.True(r.Score >= all[1].Score));
        Assert.True(thresholded.Count >= 2);
        Assert.Equal(ids["both"], all[0].Record.Id);
    }

    [Fact]
    public async Task HybridSearchAsync_UpdatedText_ReindexesKeywords()
    {
        (IKeywordHybridSearchable<ArticleVectorRecord> searchable, Dictionary<string, Guid> ids) = await SeedArticlesAsync();
        var collection = (VectorStoreCollection<Guid, ArticleVectorRecord>)searchable;
        await collection.UpsertAsync(new ArticleVectorRecord { Id = ids["keyword"], Body = "no stripes here", Category = "animals", Dense = new(new float[] { 0, 0, 0, 1 }), Other = [0, 0, 0, 0] }, Ct);

        List<VectorSearchResult<ArticleVectorRecord>> results = await searchable.HybridSearchAsync(
            new Embedding<float>(new float[] { 0, 0, 1, 0 }), ["zebra"], 1, new() { VectorProperty = r => r.Dense, AdditionalProperty = r => r.Body }, Ct).ToListAsync(Ct);

        Assert.Equal(ids["both"], results.Single().Record.Id);
    }

    [Fact]
    public async Task HybridSearchAsync_StringInput_GeneratesTheQueryVector()
    {
        VectorStoreCollection<string, TextVectorRecord> collection = await CreateCollectionAsync<string, TextVectorRecord>("hybrid-text", new LetterCountEmbeddingGenerator());
        string[] texts = ["the quick fox", "lazy dog sleeps", "sun and sea"];
        await collection.UpsertAsync(texts.Select(t => new TextVectorRecord { Id = t, Text = t, Embedding = t }), Ct);

        List<VectorSearchResult<TextVectorRecord>> results = await ((IKeywordHybridSearchable<TextVectorRecord>)collection).HybridSearchAsync("dog", ["dog"], 1, cancellationToken: Ct).ToListAsync(Ct);

        Assert.Equal("lazy dog sleeps", results.Single().Record.Id);
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

    private async Task<(IKeywordHybridSearchable<ArticleVectorRecord> Collection, Dictionary<string, Guid> Ids)> SeedArticlesAsync()
    {
        VectorStoreCollection<Guid, ArticleVectorRecord> collection = await CreateCollectionAsync<Guid, ArticleVectorRecord>("articles");
        var ids = new Dictionary<string, Guid>();
        var records = new List<ArticleVectorRecord>();
        void Add(string key, string body, string category, float[] dense)
        {
            ids[key] = Guid.NewGuid();
            records.Add(new ArticleVectorRecord { Id = ids[key], Body = body, Category = category, Dense = new Embedding<float>(dense), Other = [0, 0, 0, 0] });
        }

        Add("both", "the zebra runs", "animals", [1, 0.05f, 0, 0]);
        Add("keyword", "a zebra crossing in town", "roads", [-1, 0, 0, 0]);
        Add("vector", "nothing relevant", "misc", [1, 0.1f, 0, 0]);
        for (int i = 0; i < 20; i++)
        {
            Add($"noise{i}", $"filler text number {i}", i % 2 == 0 ? "animals" : "misc", [0.1f * (i - 10), 1, (i % 3) - 1, 1]);
        }

        await collection.UpsertAsync(records, Ct);
        return ((IKeywordHybridSearchable<ArticleVectorRecord>)collection, ids);
    }
}
