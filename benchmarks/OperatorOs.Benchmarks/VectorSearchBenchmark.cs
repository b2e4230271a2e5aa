using System.Linq.Expressions;
using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.VectorData;
using OperatorOs;

namespace OperatorOs.Benchmarks;

/// <summary>
/// Exact top-10 cosine search over 384-dimension vectors: the in-memory vector store against a naive baseline
/// (dictionary of records, filter compiled per query, scalar scoring of every record, full sort) and against a bare contiguous
/// TensorPrimitives scan with a bounded heap (the floor the store's scan can approach).
/// </summary>
[MemoryDiagnoser]
public class VectorSearchBenchmark
{
    private const int Dimensions = 384;
    private const int Top = 10;

    private readonly Dictionary<int, BenchRecord> _naive = [];
    private InMemoryVectorStore _store = null!;
    private VectorStoreCollection<int, BenchRecord> _collection = null!;
    private float[] _contiguous = null!;
    private float[] _norms = null!;
    private float[] _query = null!;

    /// <summary>Gets or sets the number of stored vectors.</summary>
    [Params(10_000, 100_000)]
    public int Count { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _contiguous = new float[Count * Dimensions];
        _norms = new float[Count];
        _naive.Clear();
        _store = new InMemoryVectorStore();
        _collection = _store.GetCollection<int, BenchRecord>("bench");
        _collection.EnsureCollectionExistsAsync().GetAwaiter().GetResult();
        var batch = new List<BenchRecord>(1000);
        for (int i = 0; i < Count; i++)
        {
            var vector = new float[Dimensions];
            for (int d = 0; d < Dimensions; d++)
            {
                vector[d] = (float)((random.NextDouble() * 2) - 1);
            }

            vector.CopyTo(_contiguous.AsSpan(i * Dimensions));
            _norms[i] = TensorPrimitives.Norm(vector);
            var record = new BenchRecord { Id = i, Rating = i % 5, Vector = vector };
            _naive[i] = record;
            batch.Add(record);
            if (batch.Count == 1000)
            {
                _collection.UpsertAsync(batch).GetAwaiter().GetResult();
                batch.Clear();
            }
        }

        _collection.UpsertAsync(batch).GetAwaiter().GetResult();
        _query = new float[Dimensions];
        for (int d = 0; d < Dimensions; d++)
        {
            _query[d] = (float)((random.NextDouble() * 2) - 1);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _store.Dispose();

    /// <summary>The naive baseline: filter compiled per query, scalar cosine over every record, full sort.</summary>
    [Benchmark(Baseline = true)]
    public int Naive()
    {
        int minimum = 0;
        Expression<Func<BenchRecord, bool>> filter = r => r.Rating >= minimum;
        Func<BenchRecord, bool> predicate = filter.Compile();
        var scored = new List<(int Id, float Score)>(_naive.Count);
        foreach (BenchRecord record in _naive.Values)
        {
            if (!predicate(record))
            {
                continue;
            }

            float[] v = record.Vector!;
            float dot = 0, vv = 0, qq = 0;
            for (int d = 0; d < v.Length; d++)
            {
                dot += v[d] * _query[d];
                vv += v[d] * v[d];
                qq += _query[d] * _query[d];
            }

            scored.Add((record.Id, dot / MathF.Sqrt(vv * qq)));
        }

        scored.Sort((a, b) => b.Score.CompareTo(a.Score));
        return scored.Take(Top).Sum(s => s.Id);
    }

    /// <summary>A bare contiguous scan: TensorPrimitives dot products against precomputed norms, a bounded min-heap of 10.</summary>
    [Benchmark]
    public int ContiguousTensorScan()
    {
        var heap = new PriorityQueue<int, float>(Top + 1);
        float queryNorm = TensorPrimitives.Norm(_query);
        ReadOnlySpan<float> all = _contiguous;
        for (int i = 0; i < _norms.Length; i++)
        {
            float score = TensorPrimitives.Dot(all.Slice(i * Dimensions, Dimensions), _query) / (_norms[i] * queryNorm);
            if (heap.Count < Top)
            {
                heap.Enqueue(i, score);
            }
            else if (heap.TryPeek(out _, out float worst) && score > worst)
            {
                _ = heap.EnqueueDequeue(i, score);
            }
        }

        int sum = 0;
        while (heap.TryDequeue(out int id, out _))
        {
            sum += id;
        }

        return sum;
    }

    /// <summary>The in-memory vector store, no filter.</summary>
    [Benchmark]
    public async Task<int> InMemoryStore()
    {
        int sum = 0;
        await foreach (VectorSearchResult<BenchRecord> result in _collection.SearchAsync(_query, Top))
        {
            sum += result.Record.Id;
        }

        return sum;
    }

    /// <summary>The in-memory vector store with the same filter as the baseline (compiled once, then served from the cache).</summary>
    [Benchmark]
    public async Task<int> InMemoryStoreFiltered()
    {
        int minimum = 0;
        int sum = 0;
        await foreach (VectorSearchResult<BenchRecord> result in _collection.SearchAsync(_query, Top, new VectorSearchOptions<BenchRecord> { Filter = r => r.Rating >= minimum }))
        {
            sum += result.Record.Id;
        }

        return sum;
    }

    /// <summary>The benchmark record.</summary>
    public sealed class BenchRecord
    {
        /// <summary>Gets or sets the key.</summary>
        [VectorStoreKey]
        public int Id { get; set; }

        /// <summary>Gets or sets a filterable value.</summary>
        [VectorStoreData]
        public int Rating { get; set; }

        /// <summary>Gets or sets the embedding.</summary>
        [VectorStoreVector(Dimensions)]
        public float[]? Vector { get; set; }
    }
}
