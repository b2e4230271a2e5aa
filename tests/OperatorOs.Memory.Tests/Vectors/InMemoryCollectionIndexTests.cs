using Microsoft.Extensions.VectorData;

namespace OperatorOs.Memory.Tests.Vectors;

public class InMemoryCollectionIndexTests
{
    private const int Dimensions = 32;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Hnsw_ClusteredVectors_RecallAtLeast90Percent()
    {
        float[][] data = Clustered(3000, seed: 1);
        float[][] queries = Clustered(50, seed: 2);
        using InMemoryCollection<int, IndexedRecord> exact = await CreateAsync(IndexKind.Flat, data);
        using InMemoryCollection<int, IndexedRecord> hnsw = await CreateAsync(IndexKind.Hnsw, data);

        int hits = 0;
        foreach (float[] query in queries)
        {
            HashSet<int> expected = [.. await IdsAsync(exact, query, 10)];
            hits += (await IdsAsync(hnsw, query, 10)).Count(expected.Contains);
        }

        double recall = hits / (queries.Length * 10.0);
        TestContext.Current.SendDiagnosticMessage($"HNSW recall@10 {recall:F3}");
        Assert.True(recall >= 0.9, $"recall@10 {recall:F3}");
    }

    [Fact]
    public async Task Hnsw_UpsertUpdateDelete_KeepsIndexConsistent()
    {
        float[][] data = Clustered(1200, seed: 3);
        using InMemoryCollection<int, IndexedRecord> hnsw = await CreateAsync(IndexKind.Hnsw, data);

        // Few deletes (tombstones only), then many (past the rebuild threshold).
        int[] deleted = [.. Enumerable.Range(0, 1200).Where(i => i % 7 == 0)];
        await hnsw.DeleteAsync(deleted.Take(40), Ct);
        await AssertNeverReturnedAsync(hnsw, deleted.Take(40), data);
        await hnsw.DeleteAsync(deleted.Skip(40), Ct);
        await AssertNeverReturnedAsync(hnsw, deleted, data);

        // Updated vectors are found at their new place and no longer at the old one.
        float[][] moved = Clustered(60, seed: 4);
        IndexedRecord[] updates = [.. Enumerable.Range(0, 60).Select(i => new IndexedRecord { Id = (i * 13) + 1, Vector = moved[i] })];
        await hnsw.UpsertAsync(updates, Ct);
        foreach (IndexedRecord update in updates)
        {
            int[] found = await IdsAsync(hnsw, update.Vector!, 1);
            Assert.Equal(update.Id, Assert.Single(found));
            IndexedRecord? stored = await hnsw.GetAsync(update.Id, new RecordRetrievalOptions { IncludeVectors = true }, Ct);
            Assert.Equal(update.Vector, stored!.Vector);
        }

        // Re-inserting deleted keys brings them back.
        await hnsw.UpsertAsync(new IndexedRecord { Id = 0, Vector = data[0] }, Ct);
        int[] back = await IdsAsync(hnsw, data[0], 1);
        Assert.Equal(0, Assert.Single(back));
    }

    [Fact]
    public async Task Hnsw_Filter_ReturnsOnlyMatchesAndAllOfThemWhenFew()
    {
        float[][] data = Clustered(2000, seed: 5);
        using InMemoryCollection<int, IndexedRecord> hnsw = await CreateAsync(IndexKind.Hnsw, data);
        using InMemoryCollection<int, IndexedRecord> exact = await CreateAsync(IndexKind.Flat, data);

        foreach (float[] query in Clustered(10, seed: 6))
        {
            var common = new VectorSearchOptions<IndexedRecord> { Filter = r => r.Category == 2 };
            List<VectorSearchResult<IndexedRecord>> results = await hnsw.SearchAsync(query, 10, common, Ct).ToListAsync(Ct);
            Assert.Equal(10, results.Count);
            Assert.All(results, r => Assert.Equal(2, r.Record.Category));

            var rare = new VectorSearchOptions<IndexedRecord> { Filter = r => r.Id < 5 };
            int[] few = [.. (await hnsw.SearchAsync(query, 10, rare, Ct).ToListAsync(Ct)).Select(r => r.Record.Id)];
            Assert.Equal([0, 1, 2, 3, 4], few.Order());
            int[] exactFew = [.. (await exact.SearchAsync(query, 10, rare, Ct).ToListAsync(Ct)).Select(r => r.Record.Id)];
            Assert.Equal(exactFew, few);
        }
    }

    [Theory]
    [InlineData(DistanceFunction.CosineSimilarity)]
    [InlineData(DistanceFunction.DotProductSimilarity)]
    [InlineData(DistanceFunction.EuclideanDistance)]
    public async Task Int8_RerankedTopK_EqualsExactTopK(string distance)
    {
        for (int seed = 10; seed < 16; seed++)
        {
            var random = new Random(seed);
            float[][] data = [.. Enumerable.Range(0, 1500).Select(_ => Gaussian(random, 64))];
            using InMemoryCollection<int, IndexedRecord> exact = await CreateAsync(IndexKind.Flat, data, VectorQuantization.None, distance, 64);
            using InMemoryCollection<int, IndexedRecord> int8 = await CreateAsync(IndexKind.Flat, data, VectorQuantization.Int8, distance, 64);
            for (int q = 0; q < 10; q++)
            {
                float[] query = Gaussian(random, 64);
                List<VectorSearchResult<IndexedRecord>> expected = await exact.SearchAsync(query, 10, cancellationToken: Ct).ToListAsync(Ct);
                List<VectorSearchResult<IndexedRecord>> actual = await int8.SearchAsync(query, 10, cancellationToken: Ct).ToListAsync(Ct);
                Assert.Equal(expected.Select(r => r.Record.Id), actual.Select(r => r.Record.Id));
                Assert.Equal(expected.Select(r => r.Score), actual.Select(r => r.Score));
            }
        }
    }

    [Fact]
    public async Task Int8_RangeGrowth_RefitsAndStaysExact()
    {
        var random = new Random(21);
        float[][] small = [.. Enumerable.Range(0, 600).Select(_ => Gaussian(random, Dimensions))];
        float[][] large = [.. Enumerable.Range(0, 600).Select(_ => Gaussian(random, Dimensions).Select(v => (v * 20) + 5).ToArray())];
        using InMemoryCollection<int, IndexedRecord> exact = await CreateAsync(IndexKind.Flat, [.. small, .. large], VectorQuantization.None);
        using InMemoryCollection<int, IndexedRecord> int8 = await CreateAsync(IndexKind.Flat, [.. small, .. large], VectorQuantization.Int8);
        foreach (float[] query in small.Take(10).Concat(large.Take(10)))
        {
            Assert.Equal(await IdsAsync(exact, query, 10), await IdsAsync(int8, query, 10));
        }

        var column = new VectorColumn("v", Dimensions, VectorDistance.CosineSimilarity);
        column.EnableQuantization(GraphMetric.Cosine);
        for (int i = 0; i < small.Length; i++)
        {
            column.Set(i, small[i]);
        }

        int before = column.Codes!.Reencodes;
        for (int i = 0; i < large.Length; i++)
        {
            column.Set(small.Length + i, large[i]);
        }

        Assert.True(column.Codes.Reencodes > before);
        Assert.True(column.Codes.Min[0] < -50 || column.Codes.Min[0] + (255 * column.Codes.Scale[0]) > 50);
    }

    [Fact]
    public async Task Flat_Unchanged_ExactScoresOfEveryRecord()
    {
        float[][] data = Clustered(500, seed: 7);
        using InMemoryCollection<int, IndexedRecord> flat = await CreateAsync(IndexKind.Flat, data);
        float[] query = Clustered(1, seed: 8)[0];
        (int Id, float Score)[] expected = [.. data
            .Select((v, i) => (Id: i, Score: System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(v, query)))
            .OrderByDescending(x => x.Score).ThenBy(x => x.Id).Take(20)];
        List<VectorSearchResult<IndexedRecord>> actual = await flat.SearchAsync(query, 20, cancellationToken: Ct).ToListAsync(Ct);
        Assert.Equal(expected.Select(e => e.Id), actual.Select(a => a.Record.Id));
        Assert.All(expected.Zip(actual), p => Assert.Equal(p.First.Score, (float)p.Second.Score!.Value, 5));
    }

    [Fact]
    public void Options_OutOfRange_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new InMemoryCollection<int, IndexedRecord>(
            "bad", new InMemoryCollectionOptions { Definition = IndexedRecord.Definition(4, IndexKind.Hnsw), Hnsw = new HnswIndexOptions { M = 1 } }));
    }

    private static async Task AssertNeverReturnedAsync(InMemoryCollection<int, IndexedRecord> collection, IEnumerable<int> deleted, float[][] data)
    {
        HashSet<int> gone = [.. deleted];
        foreach (int id in gone.Take(30))
        {
            int[] found = await IdsAsync(collection, data[id], 20);
            Assert.Equal(20, found.Length);
            Assert.DoesNotContain(found, gone.Contains);
        }
    }

    private static async Task<InMemoryCollection<int, IndexedRecord>> CreateAsync(
        string indexKind, float[][] data, VectorQuantization quantization = VectorQuantization.None, string distance = DistanceFunction.CosineSimilarity, int dimensions = Dimensions)
    {
        var collection = new InMemoryCollection<int, IndexedRecord>("c", new InMemoryCollectionOptions
        {
            Definition = IndexedRecord.Definition(dimensions, indexKind, distance),
            Quantization = quantization,
            Hnsw = new HnswIndexOptions { EfConstruction = 100 },
        });
        await collection.EnsureCollectionExistsAsync(Ct);
        await collection.UpsertAsync(data.Select((v, i) => new IndexedRecord { Id = i, Category = i % 4, Vector = v }), Ct);
        return collection;
    }

    private static async Task<int[]> IdsAsync(InMemoryCollection<int, IndexedRecord> collection, float[] query, int top) =>
        [.. (await collection.SearchAsync(query, top, cancellationToken: Ct).ToListAsync(Ct)).Select(r => r.Record.Id)];

    /// <summary>20 clusters, each a centre plus spread along 4 directions plus small noise: a low intrinsic dimension, like real embeddings.</summary>
    private static float[][] Clustered(int count, int seed)
    {
        var shape = new Random(99);
        float[][] centres = [.. Enumerable.Range(0, 20).Select(_ => Gaussian(shape, Dimensions))];
        float[][][] directions = [.. Enumerable.Range(0, 20).Select(_ => Enumerable.Range(0, 4).Select(_ => Gaussian(shape, Dimensions)).ToArray())];
        var random = new Random(seed);
        var vectors = new float[count][];
        for (int i = 0; i < count; i++)
        {
            int c = random.Next(20);
            float[] v = Gaussian(random, Dimensions).Select((x, d) => centres[c][d] + (0.05f * x)).ToArray();
            foreach (float[] direction in directions[c])
            {
                float a = Gaussian(random, 1)[0] * 0.3f;
                for (int d = 0; d < Dimensions; d++)
                {
                    v[d] += a * direction[d];
                }
            }

            vectors[i] = v;
        }

        return vectors;
    }

    private static float[] Gaussian(Random random, int dimensions)
    {
        var v = new float[dimensions];
        for (int d = 0; d < dimensions; d++)
        {
            v[d] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        }

        return v;
    }
}
