using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;

namespace OperatorOs.Memory.Tests.Vectors;

public class InMemoryCollectionHybridSearchTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HybridSearchAsync_KeywordOnlyAndVectorOnlyMatches_BothOutrankUnrelatedRecords()
    {
        var (collection, ids) = await SeedAsync();

        List<VectorSearchResult<ArticleRecord>> results = await collection.HybridSearchAsync(
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
        var (collection, ids) = await SeedAsync();
        var query = new Embedding<float>(new float[] { 1, 0, 0, 0 });

        List<VectorSearchResult<ArticleRecord>> filtered = await collection.HybridSearchAsync(
            query, ["zebra"], 10, new() { VectorProperty = r => r.Dense, Filter = r => r.Category == "animals" }, Ct).ToListAsync(Ct);
        List<VectorSearchResult<ArticleRecord>> all = await collection.HybridSearchAsync(
            query, ["zebra"], 10, new() { VectorProperty = r => r.Dense }, Ct).ToListAsync(Ct);
        List<VectorSearchResult<ArticleRecord>> skipped = await collection.HybridSearchAsync(
            query, ["zebra"], 2, new() { VectorProperty = r => r.Dense, Skip = 1, IncludeVectors = true }, Ct).ToListAsync(Ct);
        List<VectorSearchResult<ArticleRecord>> thresholded = await collection.HybridSearchAsync(
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
        var (collection, ids) = await SeedAsync();
        await collection.UpsertAsync(new ArticleRecord { Id = ids["keyword"], Body = "no stripes here", Category = "animals", Dense = new(new float[] { 0, 0, 0, 1 }), Other = [0, 0, 0, 0] }, Ct);

        List<VectorSearchResult<ArticleRecord>> results = await collection.HybridSearchAsync(
            new Embedding<float>(new float[] { 0, 0, 1, 0 }), ["zebra"], 1, new() { VectorProperty = r => r.Dense, AdditionalProperty = r => r.Body }, Ct).ToListAsync(Ct);

        Assert.Equal(ids["both"], results.Single().Record.Id);
    }

    [Fact]
    public async Task HybridSearchAsync_StringInput_GeneratesTheQueryVector()
    {
        var generator = new FakeEmbeddingGenerator();
        using var store = new InMemoryVectorStore(new InMemoryVectorStoreOptions { EmbeddingGenerator = generator });
        var collection = store.GetCollection<string, TextRecord>("hybrid-text");
        await collection.EnsureCollectionExistsAsync(Ct);
        string[] texts = ["the quick fox", "lazy dog sleeps", "sun and sea"];
        await collection.UpsertAsync(texts.Select(t => new TextRecord { Id = t, Text = t, Embedding = t }), Ct);

        var results = await collection.HybridSearchAsync("dog", ["dog"], 1, cancellationToken: Ct).ToListAsync(Ct);

        Assert.Equal("lazy dog sleeps", results.Single().Record.Id);
    }

    private static async Task<(InMemoryCollection<Guid, ArticleRecord> Collection, Dictionary<string, Guid> Ids)> SeedAsync()
    {
        var store = new InMemoryVectorStore();
        var collection = store.GetCollection<Guid, ArticleRecord>("articles");
        await collection.EnsureCollectionExistsAsync(Ct);
        var ids = new Dictionary<string, Guid>();
        var records = new List<ArticleRecord>();
        void Add(string key, string body, string category, float[] dense)
        {
            ids[key] = Guid.NewGuid();
            records.Add(new ArticleRecord { Id = ids[key], Body = body, Category = category, Dense = new Embedding<float>(dense), Other = [0, 0, 0, 0] });
        }

        Add("both", "the zebra runs", "animals", [1, 0.05f, 0, 0]);
        Add("keyword", "a zebra crossing in town", "roads", [-1, 0, 0, 0]);
        Add("vector", "nothing relevant", "misc", [1, 0.1f, 0, 0]);
        for (int i = 0; i < 20; i++)
        {
            Add($"noise{i}", $"filler text number {i}", i % 2 == 0 ? "animals" : "misc", [0.1f * (i - 10), 1, (i % 3) - 1, 1]);
        }

        await collection.UpsertAsync(records, Ct);
        return (collection, ids);
    }
}
