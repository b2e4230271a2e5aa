using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;
using OperatorOs.Shared;

#pragma warning disable MEVD9001 // MEVD provider services are experimental; this is the connector-author API they exist for.

namespace OperatorOs;

/// <content>Vector search: an exact scan of the property's contiguous rows, scored with TensorPrimitives, top-k kept in a bounded heap.</content>
public partial class InMemoryCollection<TKey, TRecord>
{
    /// <inheritdoc/>
    /// <remarks>
    /// <paramref name="searchValue"/> may be a <see cref="ReadOnlyMemory{T}"/> of <see cref="float"/>, a <see cref="float"/> array or an
    /// <see cref="Embedding{T}"/> of <see cref="float"/>; any other input (a <see cref="string"/>, for example) is turned into a vector by the
    /// embedding generator configured for the vector property (property, definition, collection or store level).
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
            (int Slot, float Score)[] best = Scan(storage, column, scorer, filter, options.Skip + top, options.ScoreThreshold, cancellationToken);
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
        var heap = new TopK(k);
        float[] norms = column.Norms;
        int end = Math.Min(storage.HighWater, norms.Length);
        bool filtered = filter.IsPresent;
        for (int slot = 0; slot < end; slot++)
        {
            if ((slot & 8191) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            float norm = norms[slot];
            if (norm < 0f || (filtered && !filter.Matches(storage.RecordAt(slot)!)))
            {
                continue;
            }

            float score = scorer.Score(column.Row(slot), norm);
            if (scorer.Passes(score, threshold))
            {
                heap.Add(scorer.RankKey(score), slot, score);
            }
        }

        return heap.ToSortedArray();
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
