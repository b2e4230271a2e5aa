using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.VectorData;
using OperatorOs;

namespace OperatorOs.Benchmarks;

/// <summary>
/// Top-10 cosine search over 100,000 clustered 384-dimension vectors (<see cref="ClusteredVectors"/>): the exact float scan against the
/// int8-quantized scan with exact re-rank and against the HNSW index (M 16, efConstruction 200, efSearch 80). Recall is measured by
/// <c>-- vector-recall</c>, not here.
/// </summary>
[MemoryDiagnoser]
public class VectorSearchIndexBenchmark
{
    private const int Dimensions = 384;
    private const int Top = 10;

    private InMemoryCollection<int, VectorRecallProbe.RecallRecord>? _collection;
    private float[][] _queries = null!;
    private int _next;

    /// <summary>Gets or sets the number of stored vectors.</summary>
    [Params(100_000)]
    public int Count { get; set; }

    // One setup per benchmark, so each process builds only the collection it measures (the HNSW build takes minutes).
    [GlobalSetup(Target = nameof(ExactScan))]
    public void SetupExact() => Build(IndexKind.Flat, VectorQuantization.None);

    [GlobalSetup(Target = nameof(ExactScanOneThread))]
    public void SetupExactOneThread() => Build(IndexKind.Flat, VectorQuantization.None, maxScanParallelism: 1);

    [GlobalSetup(Target = nameof(Int8ScanRerank))]
    public void SetupInt8() => Build(IndexKind.Flat, VectorQuantization.Int8);

    [GlobalSetup(Target = nameof(Hnsw))]
    public void SetupHnsw() => Build(IndexKind.Hnsw, VectorQuantization.None);

    [GlobalCleanup]
    public void Cleanup() => _collection?.Dispose();

    /// <summary>The exact float scan (split over the machine's cores).</summary>
    [Benchmark(Baseline = true)]
    public Task<int> ExactScan() => SearchAsync();

    /// <summary>The exact float scan on the calling thread only, the per-core cost an HNSW search (one thread) compares with.</summary>
    [Benchmark]
    public Task<int> ExactScanOneThread() => SearchAsync();

    /// <summary>The int8 scan, short list re-ranked exactly.</summary>
    [Benchmark]
    public Task<int> Int8ScanRerank() => SearchAsync();

    /// <summary>The HNSW index.</summary>
    [Benchmark]
    public Task<int> Hnsw() => SearchAsync();

    private void Build(string indexKind, VectorQuantization quantization, int? maxScanParallelism = null)
    {
        float[][] data = ClusteredVectors.Generate(Count, Dimensions, seed: 1);
        _queries = ClusteredVectors.Generate(64, Dimensions, seed: 2);
        var collection = new InMemoryCollection<int, VectorRecallProbe.RecallRecord>("bench", new InMemoryCollectionOptions
        {
            Definition = new VectorStoreCollectionDefinition
            {
                Properties =
                [
                    new VectorStoreKeyProperty(nameof(VectorRecallProbe.RecallRecord.Id), typeof(int)),
                    new VectorStoreDataProperty(nameof(VectorRecallProbe.RecallRecord.Rating), typeof(int)),
                    new VectorStoreVectorProperty(nameof(VectorRecallProbe.RecallRecord.Vector), typeof(float[]), Dimensions) { IndexKind = indexKind },
                ],
            },
            Quantization = quantization,
            MaxScanParallelism = maxScanParallelism,
        });
        collection.EnsureCollectionExistsAsync().GetAwaiter().GetResult();
        collection.UpsertAsync(data.Select((v, i) => new VectorRecallProbe.RecallRecord { Id = i, Rating = i % 5, Vector = v })).GetAwaiter().GetResult();
        _collection = collection;
    }

    private async Task<int> SearchAsync()
    {
        InMemoryCollection<int, VectorRecallProbe.RecallRecord> collection = _collection!;
        float[] query = _queries[_next++ & 63];
        int sum = 0;
        await foreach (VectorSearchResult<VectorRecallProbe.RecallRecord> result in collection.SearchAsync(query, Top))
        {
            sum += result.Record.Id;
        }

        return sum;
    }
}
