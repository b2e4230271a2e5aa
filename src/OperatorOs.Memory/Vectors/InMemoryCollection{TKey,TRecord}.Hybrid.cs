using System.Runtime.CompilerServices;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;
using OperatorOs.Shared;

#pragma warning disable MEVD9001 // MEVD provider services are experimental; this is the connector-author API they exist for.

namespace OperatorOs;

/// <content>Keyword hybrid search: BM25 over a full-text-indexed property fused with vector similarity by reciprocal rank.</content>
public partial class InMemoryCollection<TKey, TRecord>
{
    /// <inheritdoc/>
    /// <remarks>
    /// <para>
    /// Two rankings are computed over the records that pass <see cref="HybridSearchOptions{TRecord}.Filter"/>: the vector ranking
    /// (the property's distance function) and the keyword ranking (Okapi BM25, k1 = 1.2, b = 0.75, over the lower-cased letter-and-digit
    /// terms of <see cref="HybridSearchOptions{TRecord}.AdditionalProperty"/>, or of the single full-text-indexed string property).
    /// Each contributes its best max(50, 2 × (skip + top)) records, which are fused by reciprocal-rank fusion:
    /// <c>score = Σ 1 / (60 + rank)</c>, rank counted from 1. A record matching only the keywords, or only the vector, still scores.
    /// </para>
    /// <para>
    /// The vector ranking uses the property's index like <see cref="SearchAsync{TInput}"/> does (HNSW, int8 scan with exact re-rank, or exact scan).
    /// </para>
    /// <para>The returned score is the fused score (higher is better); <see cref="HybridSearchOptions{TRecord}.ScoreThreshold"/> applies to it.</para>
    /// </remarks>
    public async IAsyncEnumerable<VectorSearchResult<TRecord>> HybridSearchAsync<TInput>(
        TInput searchValue,
        ICollection<string> keywords,
        int top,
        HybridSearchOptions<TRecord>? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where TInput : notnull
    {
        _ = Throw.IfNull(searchValue);
        _ = Throw.IfNull(keywords);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        options ??= new HybridSearchOptions<TRecord>();
        ArgumentOutOfRangeException.ThrowIfNegative(options.Skip, nameof(options));
        bool includeVectors = CheckIncludeVectors(options.IncludeVectors);
        VectorPropertyModel vectorProperty = _model.GetVectorPropertyOrSingle(new VectorSearchOptions<TRecord> { VectorProperty = options.VectorProperty });
        DataPropertyModel textProperty = _model.GetFullTextDataPropertyOrSingle(options.AdditionalProperty);
        ReadOnlyMemory<float> query = InMemoryRecordMapper<TRecord>.CheckDimensions(
            vectorProperty, await GetQueryVectorAsync(searchValue, vectorProperty, cancellationToken).ConfigureAwait(false));
        if (query.IsEmpty)
        {
            throw new ArgumentException("The search vector is empty.", nameof(searchValue));
        }

        InMemoryCollectionStorage<TKey, TRecord> storage = GetStorage();
        CompiledFilter<TRecord> filter = InMemoryFilterCompiler.Compile(options.Filter, _model, storage.FilterCache);
        int window = Math.Max(InMemoryVectorConstants.MinimumHybridWindow, 2 * (options.Skip + top));
        var results = new List<VectorSearchResult<TRecord>>();
        storage.Lock.EnterReadLock();
        try
        {
            VectorColumn column = storage.Column(vectorProperty.ModelName);
            var scorer = new VectorScorer(query.Span, column.Distance);
            (int Slot, float Score)[] byVector = Rank(storage, column, scorer, query.Span, filter, window, threshold: null, cancellationToken);
            var byKeyword = new TopK(window);
            foreach ((int slot, float score) in storage.TextIndex(textProperty.ModelName).Score(keywords))
            {
                if (storage.RecordAt(slot) is { } record && filter.Matches(record))
                {
                    byKeyword.Add(score, slot, score);
                }
            }

            var fused = new Dictionary<int, double>();
            AddRanks(fused, byVector);
            AddRanks(fused, byKeyword.ToSortedArray());
            IEnumerable<KeyValuePair<int, double>> ranked = fused
                .Where(f => options.ScoreThreshold is not double threshold || f.Value >= threshold)
                .OrderByDescending(f => f.Value)
                .ThenBy(f => f.Key)
                .Skip(options.Skip)
                .Take(top);
            foreach ((int slot, double score) in ranked)
            {
                results.Add(new VectorSearchResult<TRecord>(Materialize(storage, slot, includeVectors), score));
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

    private static void AddRanks(Dictionary<int, double> fused, (int Slot, float Score)[] ranking)
    {
        for (int rank = 0; rank < ranking.Length; rank++)
        {
            int slot = ranking[rank].Slot;
            fused[slot] = fused.GetValueOrDefault(slot) + (1.0 / (InMemoryVectorConstants.RrfK + rank + 1));
        }
    }
}
