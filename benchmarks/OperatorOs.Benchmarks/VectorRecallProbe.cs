using System.Diagnostics;
using Microsoft.Extensions.VectorData;

namespace OperatorOs.Benchmarks;

/// <summary>
/// Recall@10 and mean query time of the int8-quantized scan and of HNSW against the exact float scan, over 200 held-out queries on
/// 100,000 clustered 384-dimension vectors (<see cref="ClusteredVectors"/>); also HNSW build time and managed memory per collection.
/// </summary>
internal static class VectorRecallProbe
{
    private const int Dimensions = 384;
    private const int Top = 10;

    public static async Task RunAsync(TextWriter output, int count = 100_000, int queries = 200)
    {
        float[][] data = ClusteredVectors.Generate(count, Dimensions, seed: 1);
        float[][] probes = ClusteredVectors.Generate(queries, Dimensions, seed: 2);
        output.WriteLine($"{count:N0} x {Dimensions} clustered vectors ({ClusteredVectors.Clusters} clusters), {queries} held-out queries, top {Top}, cosine similarity");

        (InMemoryCollection<int, RecallRecord> exact, long exactBytes, TimeSpan exactBuild) = await BuildAsync(data, IndexKind.Flat, VectorQuantization.None);
        output.WriteLine($"flat:  load {exactBuild.TotalSeconds:F1} s, managed memory {exactBytes / 1048576.0:F1} MiB ({exactBytes / (double)count:F0} B/record)");
        (InMemoryCollection<int, RecallRecord> int8, long int8Bytes, TimeSpan int8Build) = await BuildAsync(data, IndexKind.Flat, VectorQuantization.Int8);
        output.WriteLine($"int8:  load {int8Build.TotalSeconds:F1} s, managed memory {int8Bytes / 1048576.0:F1} MiB ({int8Bytes / (double)count:F0} B/record)");
        (InMemoryCollection<int, RecallRecord> hnsw, long hnswBytes, TimeSpan hnswBuild) = await BuildAsync(data, IndexKind.Hnsw, VectorQuantization.None);
        output.WriteLine($"hnsw:  build {hnswBuild.TotalSeconds:F1} s, managed memory {hnswBytes / 1048576.0:F1} MiB ({hnswBytes / (double)count:F0} B/record, graph {(hnswBytes - exactBytes) / (double)count:F0} B/record)");

        var truth = new List<int[]>();
        double exactMs = await TimeAsync(exact, probes, null, truth);
        var int8Results = new List<int[]>();
        double int8Ms = await TimeAsync(int8, probes, null, int8Results);
        var hnswResults = new List<int[]>();
        double hnswMs = await TimeAsync(hnsw, probes, null, hnswResults);
        output.WriteLine($"exact scan:         {exactMs:F3} ms/query");
        output.WriteLine($"int8 scan + rerank: {int8Ms:F3} ms/query ({exactMs / int8Ms:F1}x), recall@10 {Recall(truth, int8Results):F4}");
        output.WriteLine($"hnsw (ef 80):       {hnswMs:F3} ms/query ({exactMs / hnswMs:F1}x), recall@10 {Recall(truth, hnswResults):F4}");

        // Filtered: one record in five passes.
        var filter = new VectorSearchOptions<RecallRecord> { Filter = r => r.Rating == 3 };
        var filteredTruth = new List<int[]>();
        double filteredExactMs = await TimeAsync(exact, probes, filter, filteredTruth);
        var filteredHnsw = new List<int[]>();
        double filteredHnswMs = await TimeAsync(hnsw, probes, filter, filteredHnsw);
        output.WriteLine($"filtered (20% pass): exact {filteredExactMs:F3} ms/query, hnsw {filteredHnswMs:F3} ms/query ({filteredExactMs / filteredHnswMs:F1}x), recall@10 {Recall(filteredTruth, filteredHnsw):F4}");
        GC.KeepAlive(exact);
        GC.KeepAlive(int8);
        GC.KeepAlive(hnsw);
    }

    private static async Task<(InMemoryCollection<int, RecallRecord> Collection, long Bytes, TimeSpan Elapsed)> BuildAsync(
        float[][] data, string indexKind, VectorQuantization quantization)
    {
        var definition = new VectorStoreCollectionDefinition
        {
            Properties =
            [
                new VectorStoreKeyProperty(nameof(RecallRecord.Id), typeof(int)),
                new VectorStoreDataProperty(nameof(RecallRecord.Rating), typeof(int)),
                new VectorStoreVectorProperty(nameof(RecallRecord.Vector), typeof(float[]), Dimensions)
                {
                    IndexKind = indexKind,
                    DistanceFunction = DistanceFunction.CosineSimilarity,
                },
            ],
        };
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var collection = new InMemoryCollection<int, RecallRecord>(
            $"recall-{indexKind}-{quantization}", new InMemoryCollectionOptions { Definition = definition, Quantization = quantization });
        await collection.EnsureCollectionExistsAsync();
        long start = Stopwatch.GetTimestamp();
        var batch = new List<RecallRecord>(1000);
        for (int i = 0; i < data.Length; i++)
        {
            batch.Add(new RecallRecord { Id = i, Rating = i % 5, Vector = data[i] });
            if (batch.Count == batch.Capacity)
            {
                await collection.UpsertAsync(batch);
                batch.Clear();
            }
        }

        await collection.UpsertAsync(batch);
        TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
        batch.Clear();
        long after = GC.GetTotalMemory(forceFullCollection: true);
        return (collection, after - before, elapsed);
    }

    private static async Task<double> TimeAsync(
        InMemoryCollection<int, RecallRecord> collection, float[][] probes, VectorSearchOptions<RecallRecord>? options, List<int[]> results)
    {
        // Warm up (JIT, caches), then time every query.
        for (int i = 0; i < 40; i++)
        {
            await foreach (VectorSearchResult<RecallRecord> _ in collection.SearchAsync(probes[i % probes.Length], Top, options))
            {
            }
        }

        long start = Stopwatch.GetTimestamp();
        foreach (float[] probe in probes)
        {
            var ids = new List<int>(Top);
            await foreach (VectorSearchResult<RecallRecord> result in collection.SearchAsync(probe, Top, options))
            {
                ids.Add(result.Record.Id);
            }

            results.Add([.. ids]);
        }

        return Stopwatch.GetElapsedTime(start).TotalMilliseconds / probes.Length;
    }

    private static double Recall(List<int[]> truth, List<int[]> found)
    {
        int hits = 0;
        int total = 0;
        for (int q = 0; q < truth.Count; q++)
        {
            var expected = new HashSet<int>(truth[q]);
            total += expected.Count;
            hits += found[q].Count(expected.Contains);
        }

        return total == 0 ? 1 : hits / (double)total;
    }

    /// <summary>The probe record.</summary>
    public sealed class RecallRecord
    {
        /// <summary>Gets or sets the key.</summary>
        public int Id { get; set; }

        /// <summary>Gets or sets a filterable value.</summary>
        public int Rating { get; set; }

        /// <summary>Gets or sets the embedding.</summary>
        public float[]? Vector { get; set; }
    }
}
