using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;
using OperatorOs.Shared;

#pragma warning disable MEVD9001 // MEVD provider services are experimental; this is the connector-author API they exist for.

namespace OperatorOs;

/// <content>Vector search: an exact scan of the property's contiguous rows (optionally over int8 codes with an exact re-rank), or an HNSW graph search.</content>
public partial class InMemoryCollection<TKey, TRecord>
{
    /// <inheritdoc/>
    /// <remarks>
    /// <para>
    /// <paramref name="searchValue"/> may be a <see cref="ReadOnlyMemory{T}"/> of <see cref="float"/>, a <see cref="float"/> array or an
    /// <see cref="Embedding{T}"/> of <see cref="float"/>; any other input (a <see cref="string"/>, for example) is turned into a vector by the
    /// embedding generator configured for the vector property (property, definition, collection or store level).
    /// </para>
    /// <para>
    /// Properties declared with <see cref="IndexKind.Hnsw"/> (and a cosine, dot product or Euclidean distance function) are searched
    /// approximately through their HNSW graph with a candidate list of ef = max(efSearch, skip + top); the candidates are scored exactly.
    /// With a filter, the fraction p of records that pass is estimated from an evenly spaced sample of 256 records, the graph is searched
    /// with ef / p × 1.5 candidates and the filter is applied to them (post-filtering). The exact filtered scan answers instead when no
    /// sampled record passes, when that candidate list would cost more than scanning the p × live matching rows, or when fewer than
    /// skip + top candidates pass, so a selective filter still returns every match it should. The exact scan also answers when the
    /// collection holds no more live vectors than ef. Manhattan and Hamming properties are always scanned exactly.
    /// </para>
    /// <para>
    /// With int8 quantization, the exact scan ranks the int8 codes, keeps a short list of max(64, 8 × (skip + top)) rows and re-ranks it
    /// with the <see cref="float"/> rows; returned scores are always exact.
    /// </para>
    /// </remarks>
    public override async IAsyncEnumerable<VectorSearchResult<TRecord>> SearchAsync<TInput>(
        TInput searchValue,
        int top,
        VectorSearchOptions<TRecord>? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(searchValue);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        options ??= DefaultSearchOptions;
        ArgumentOutOfRangeException.ThrowIfNegative(options.Skip, nameof(options));
        bool includeVectors = CheckIncludeVectors(options.IncludeVectors);
        VectorPropertyModel property = _model.GetVectorPropertyOrSingle(options);
        ReadOnlyMemory<float> query = InMemoryRecordMapper<TRecord>.CheckDimensions(
            property, await GetQueryVectorAsync(searchValue, property, cancellationToken).ConfigureAwait(false));
        if (query.IsEmpty)
        {
            throw new ArgumentException("The search vector is empty.", nameof(searchValue));
        }

        InMemoryCollectionStorage<TKey, TRecord> storage = GetStorage();
        CompiledFilter<TRecord> filter = InMemoryFilterCompiler.Compile(options.Filter, _model, storage.FilterCache);
        var results = new List<VectorSearchResult<TRecord>>();
        storage.Lock.EnterReadLock();
        try
        {
            VectorColumn column = storage.Column(property.ModelName);
            var scorer = new VectorScorer(query.Span, column.Distance);
            (int Slot, float Score)[] best = Rank(storage, column, scorer, query.Span, filter, options.Skip + top, options.ScoreThreshold, cancellationToken);
            for (int i = options.Skip; i < best.Length; i++)
            {
                results.Add(new VectorSearchResult<TRecord>(Materialize(storage, best[i].Slot, includeVectors), best[i].Score));
            }
        }
        finally
        {
            storage.Lock.ExitReadLock();
        }

        foreach (VectorSearchResult<TRecord> result in results)
        {
            yield return result;
        }
    }

    /// <summary>Ranks the rows with the column's index: the HNSW graph when it can answer, else the int8 scan with re-rank, else the exact scan.</summary>
    internal static (int Slot, float Score)[] Rank(
        InMemoryCollectionStorage<TKey, TRecord> storage,
        VectorColumn column,
        VectorScorer scorer,
        ReadOnlySpan<float> query,
        CompiledFilter<TRecord> filter,
        int k,
        double? threshold,
        CancellationToken cancellationToken)
    {
        if (column.Graph is { } graph && SearchGraph(storage, column, graph, scorer, query, filter, k, threshold, cancellationToken) is { } found)
        {
            return found;
        }

        return column.Codes is { } codes && storage.Count > Math.Max(InMemoryVectorConstants.MinimumQuantizedShortList, k * InMemoryVectorConstants.QuantizedShortListFactor)
            ? ScanQuantized(storage, column, codes, scorer, query, filter, k, threshold, cancellationToken)
            : Scan(storage, column, scorer, filter, k, threshold, cancellationToken);
    }

    /// <summary>Searches the HNSW graph and scores the candidates exactly; returns <see langword="null"/> when the exact scan must answer instead.</summary>
    internal static (int Slot, float Score)[]? SearchGraph(
        InMemoryCollectionStorage<TKey, TRecord> storage,
        VectorColumn column,
        HnswGraph graph,
        VectorScorer scorer,
        ReadOnlySpan<float> query,
        CompiledFilter<TRecord> filter,
        int k,
        double? threshold,
        CancellationToken cancellationToken)
    {
        int ef = Math.Max(graph.EfSearch, k);
        if (filter.IsPresent)
        {
            // Post-filtering needs about ef / passRate candidates to keep ef matches; when the graph would score more rows than the
            // exact filtered scan does (passRate × live), the scan is cheaper and exact.
            double passRate = EstimatePassRate(storage, column, filter);
            if (passRate <= 0)
            {
                return null;
            }

            double filteredEf = Math.Ceiling(ef * InMemoryVectorConstants.FilteredHnswEfMargin / passRate);
            if (filteredEf * InMemoryVectorConstants.HnswScoresPerEf >= passRate * graph.LiveCount)
            {
                return null;
            }

            ef = (int)filteredEf;
        }

        if (graph.LiveCount <= ef)
        {
            return null;
        }

        (float Similarity, int Slot)[] candidates = graph.Search(query, TensorPrimitives.Norm(query), ef, cancellationToken);
        var heap = new TopK(k);
        int passing = 0;
        foreach ((_, int slot) in candidates)
        {
            if (filter.IsPresent && !filter.Matches(storage.RecordAt(slot)!))
            {
                continue;
            }

            passing++;
            float score = scorer.Score(column.Row(slot), column.Norm(slot));
            if (scorer.Passes(score, threshold))
            {
                heap.Add(scorer.RankKey(score), slot, score);
            }
        }

        return passing < k ? null : heap.ToSortedArray();
    }

    /// <summary>Estimates the fraction of rows with a vector that pass <paramref name="filter"/> from an evenly spaced sample of slots.</summary>
    internal static double EstimatePassRate(InMemoryCollectionStorage<TKey, TRecord> storage, VectorColumn column, CompiledFilter<TRecord> filter)
    {
        int end = Math.Min(storage.HighWater, column.Norms.Length);
        int step = Math.Max(1, end / InMemoryVectorConstants.FilterSampleSize);
        int sampled = 0;
        int passed = 0;
        for (int slot = 0; slot < end; slot += step)
        {
            if (column.Norms[slot] < 0f)
            {
                continue;
            }

            sampled++;
            if (filter.Matches(storage.RecordAt(slot)!))
            {
                passed++;
            }
        }

        return sampled == 0 ? 0 : passed / (double)sampled;
    }

    /// <summary>Ranks the int8 codes of every row that passes the filter, keeps a short list and re-ranks it with the exact scores.</summary>
    internal static (int Slot, float Score)[] ScanQuantized(
        InMemoryCollectionStorage<TKey, TRecord> storage,
        VectorColumn column,
        QuantizedRows codes,
        VectorScorer scorer,
        ReadOnlySpan<float> query,
        CompiledFilter<TRecord> filter,
        int k,
        double? threshold,
        CancellationToken cancellationToken)
    {
        var weights = new short[column.Dimensions];
        (float step, float offset) = codes.PrepareQuery(query, weights);
        int end = Math.Min(storage.HighWater, column.Norms.Length);
        TopK shortList = ParallelScan.Run(
            end,
            ParallelScan.RangeCount(end, column.Dimensions, storage.Settings.MaxScanParallelism),
            Math.Max(InMemoryVectorConstants.MinimumQuantizedShortList, k * InMemoryVectorConstants.QuantizedShortListFactor),
            (storage, column, codes, weights, step, offset, filter),
            static (state, start, stop, heap, _, token) => ScanCodes(state.storage, state.column, state.codes, state.weights, state.step, state.offset, state.filter, start, stop, heap, token),
            cancellationToken);

        float[] norms = column.Norms;
        var heap = new TopK(k);
        for (int i = 0; i < shortList.Count; i++)
        {
            int slot = shortList.SlotAt(i);
            float score = scorer.Score(column.Row(slot), norms[slot]);
            if (scorer.Passes(score, threshold))
            {
                heap.Add(scorer.RankKey(score), slot, score);
            }
        }

        return heap.ToSortedArray();
    }

    /// <summary>Scores every row that has a vector and passes the filter and threshold; returns the best <paramref name="k"/>, best first.</summary>
    internal static (int Slot, float Score)[] Scan(
        InMemoryCollectionStorage<TKey, TRecord> storage,
        VectorColumn column,
        VectorScorer scorer,
        CompiledFilter<TRecord> filter,
        int k,
        double? threshold,
        CancellationToken cancellationToken)
    {
        int end = Math.Min(storage.HighWater, column.Norms.Length);
        return ParallelScan.Run(
            end,
            ParallelScan.RangeCount(end, column.Dimensions, storage.Settings.MaxScanParallelism),
            k,
            (storage, column, scorer, filter, threshold),
            static (state, start, stop, heap, otherThread, token) =>
                ScanRows(state.storage, state.column, otherThread ? state.scorer.CloneForThread() : state.scorer, state.filter, state.threshold, start, stop, heap, token),
            cancellationToken).ToSortedArray();
    }

    /// <summary>Scores the rows in [<paramref name="start"/>, <paramref name="stop"/>) that have a vector and pass the filter and threshold into <paramref name="heap"/>.</summary>
    private static void ScanRows(
        InMemoryCollectionStorage<TKey, TRecord> storage,
        VectorColumn column,
        VectorScorer scorer,
        CompiledFilter<TRecord> filter,
        double? threshold,
        int start,
        int stop,
        TopK heap,
        CancellationToken cancellationToken)
    {
        float[] norms = column.Norms;
        for (int slot = start; slot < stop; slot++)
        {
            float norm = norms[slot];
            if (Skips(storage, slot, norm, filter, cancellationToken))
            {
                continue;
            }

            float score = scorer.Score(column.Row(slot), norm);
            if (scorer.Passes(score, threshold))
            {
                heap.Add(scorer.RankKey(score), slot, score);
            }
        }
    }

    /// <summary>Gets whether a scan passes over a slot: it holds no vector (negative norm) or the filter rejects its record. Checks for cancellation every 8,192 slots.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Skips(InMemoryCollectionStorage<TKey, TRecord> storage, int slot, float norm, CompiledFilter<TRecord> filter, CancellationToken cancellationToken)
    {
        if ((slot & 8191) == 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }

        return norm < 0f || (filter.IsPresent && !filter.Matches(storage.RecordAt(slot)!));
    }

    /// <summary>Ranks the int8 codes of the rows in [<paramref name="start"/>, <paramref name="stop"/>) that pass the filter into the short list <paramref name="shortList"/>.</summary>
    private static void ScanCodes(
        InMemoryCollectionStorage<TKey, TRecord> storage,
        VectorColumn column,
        QuantizedRows codes,
        short[] weights,
        float step,
        float offset,
        CompiledFilter<TRecord> filter,
        int start,
        int stop,
        TopK shortList,
        CancellationToken cancellationToken)
    {
        float[] norms = column.Norms;
        GraphMetric metric = codes.Metric;
        for (int slot = start; slot < stop; slot++)
        {
            float norm = norms[slot];
            if (Skips(storage, slot, norm, filter, cancellationToken))
            {
                continue;
            }

            float dot = offset + (step * Int8Dot.Dot(codes.Row(slot), weights));

            // Keys ordered like the metric, dropping the query-only terms: cos ∝ dot / |x|, -|q - x|² = 2 q·x - |x|² - |q|².
            float key = metric switch
            {
                GraphMetric.Cosine => norm > 0f ? dot / norm : 0f,
                GraphMetric.Dot => dot,
                _ => (2f * dot) - (norm * norm),
            };
            if (shortList.Accepts(key))
            {
                shortList.Add(key, slot, 0f);
            }
        }
    }

    private static async ValueTask<ReadOnlyMemory<float>> GetQueryVectorAsync<TInput>(
        TInput searchValue, VectorPropertyModel property, CancellationToken cancellationToken)
    {
        switch (searchValue)
        {
            case ReadOnlyMemory<float> memory:
                return memory;
            case float[] array:
                return array;
            case Embedding<float> embedding:
                return embedding.Vector;
        }

        return property.EmbeddingGenerator switch
        {
            IEmbeddingGenerator<TInput, Embedding<float>> generator =>
                await generator.GenerateVectorAsync(searchValue, cancellationToken: cancellationToken).ConfigureAwait(false),
            null => throw new NotSupportedException(
                VectorDataStrings.InvalidSearchInputAndNoEmbeddingGeneratorWasConfigured(searchValue!.GetType(), InMemoryVectorConstants.SupportedVectorTypes)),
            var other => throw new InvalidOperationException(
                VectorDataStrings.IncompatibleEmbeddingGeneratorWasConfiguredForInputType(typeof(TInput), other.GetType())),
        };
    }
}
