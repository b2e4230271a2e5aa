using Microsoft.Extensions.VectorData;

namespace OperatorOs.Memory.Tests.Vectors;

/// <summary>Large exact scans split over several threads return what the same scan on one thread returns.</summary>
public class InMemoryCollectionParallelScanTests
{
    // 4,200 rows x 1,024 dimensions is about 4.3M elements: four ranges of at least 2^20 elements each.
    private const int Rows = 4200;
    private const int Dimensions = 1024;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DistanceFunction.CosineSimilarity, VectorQuantization.None)]
    [InlineData(DistanceFunction.EuclideanDistance, VectorQuantization.None)]
    [InlineData(DistanceFunction.ManhattanDistance, VectorQuantization.None)]
    [InlineData(DistanceFunction.CosineSimilarity, VectorQuantization.Int8)]
    [InlineData(DistanceFunction.DotProductSimilarity, VectorQuantization.Int8)]
    public async Task SplitScan_AgreesWithSingleThreadScan(string distance, VectorQuantization quantization)
    {
        float[][] data = RandomVectors(Rows, seed: 11);
        using InMemoryCollection<int, IndexedRecord> single = await CreateAsync(data, distance, quantization, maxScanParallelism: 1);
        using InMemoryCollection<int, IndexedRecord> split = await CreateAsync(data, distance, quantization, maxScanParallelism: 4);

        foreach (float[] query in RandomVectors(5, seed: 12))
        {
            var filtered = new VectorSearchOptions<IndexedRecord> { Filter = r => r.Category != 1, Skip = 3 };
            Assert.Equal(await ResultsAsync(single, query, null), await ResultsAsync(split, query, null));
            Assert.Equal(await ResultsAsync(single, query, filtered), await ResultsAsync(split, query, filtered));
        }
    }

    [Fact]
    public async Task SplitScan_FindsTheExactNearestRowInEveryRange()
    {
        float[][] data = RandomVectors(Rows, seed: 13);
        using InMemoryCollection<int, IndexedRecord> split = await CreateAsync(data, DistanceFunction.CosineSimilarity, VectorQuantization.None, maxScanParallelism: 4);

        foreach (int id in new[] { 0, 1049, 1050, 2100, 3150, Rows - 1 })
        {
            VectorSearchResult<IndexedRecord> best = Assert.Single(await split.SearchAsync(data[id], 1, cancellationToken: Ct).ToListAsync(Ct));
            Assert.Equal(id, best.Record.Id);
        }
    }

    [Fact]
    public async Task SplitScan_CancelledToken_ThrowsOperationCanceled()
    {
        float[][] data = RandomVectors(Rows, seed: 15);
        using InMemoryCollection<int, IndexedRecord> split = await CreateAsync(data, DistanceFunction.CosineSimilarity, VectorQuantization.None, maxScanParallelism: 4);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        _ = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await split.SearchAsync(data[0], 5, cancellationToken: cancelled.Token).ToListAsync(cancelled.Token));
    }

    [Fact]
    public void MaxScanParallelism_BelowOne_IsRejected()
    {
        _ = Assert.Throws<ArgumentOutOfRangeException>(() => new InMemoryVectorStore(new InMemoryVectorStoreOptions { MaxScanParallelism = 0 }));
        _ = Assert.Throws<ArgumentOutOfRangeException>(() => new InMemoryCollection<int, IndexedRecord>("c", new InMemoryCollectionOptions
        {
            Definition = IndexedRecord.Definition(Dimensions, IndexKind.Flat),
            MaxScanParallelism = -1,
        }));
    }

    private static async Task<(int Id, float Score)[]> ResultsAsync(InMemoryCollection<int, IndexedRecord> collection, float[] query, VectorSearchOptions<IndexedRecord>? options) =>
        [.. (await collection.SearchAsync(query, 10, options, Ct).ToListAsync(Ct)).Select(r => (r.Record.Id, (float)r.Score!.Value))];

    private static async Task<InMemoryCollection<int, IndexedRecord>> CreateAsync(float[][] data, string distance, VectorQuantization quantization, int maxScanParallelism)
    {
        var collection = new InMemoryCollection<int, IndexedRecord>("c", new InMemoryCollectionOptions
        {
            Definition = IndexedRecord.Definition(Dimensions, IndexKind.Flat, distance),
            Quantization = quantization,
            MaxScanParallelism = maxScanParallelism,
        });
        await collection.EnsureCollectionExistsAsync(Ct);
        await collection.UpsertAsync(data.Select((v, i) => new IndexedRecord { Id = i, Category = i % 3, Vector = v }), Ct);
        return collection;
    }

    private static float[][] RandomVectors(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, Dimensions).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray())];
    }
}
