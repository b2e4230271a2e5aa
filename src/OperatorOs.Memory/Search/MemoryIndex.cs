using System.Linq.Expressions;
using System.Numerics.Tensors;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>A searchable index of the current memory records, kept in any <see cref="VectorStore"/>; the <see cref="MemoryStore"/> stays the source of truth.</summary>
/// <remarks>
/// <para>The index catches up with memory before each search by reading what was recorded since its last sync, so it works
/// with any store and sees writes made by other processes. Every hit is checked against the canonical store: a record
/// that was superseded or pruned since it was indexed is never returned. <see cref="RebuildAsync"/> re-creates the index
/// from canonical records (after retention, or when switching embedding models).</para>
/// <para>Search is hybrid — keyword (BM25) fused with vector similarity — when the collection supports
/// <see cref="IKeywordHybridSearchable{TRecord}"/>, otherwise vector only. Thread-safe.</para>
/// </remarks>
public sealed class MemoryIndex
{
    /// <summary>The service key of a <see cref="VectorStore"/> registered to hold the index; without one, <c>AddMemorySearch</c> keeps it in process memory.</summary>
    public const string VectorStoreServiceKey = "OperatorOs.MemoryIndex";

    private const int EmbeddingBatch = 64;

    // The indexer as the C# compiler emits it for r["Name"], taken from an expression so no reflection lookup is needed.
    private static readonly System.Reflection.MethodInfo IndexerGetter =
        ((MethodCallExpression)((Expression<Func<Dictionary<string, object?>, object?>>)(d => d[""])).Body).Method;

    private readonly VectorStore _vectors;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _embeddings;
    private readonly MemoryStore _memory;
    private readonly MemoryIndexOptions _options;
    private readonly SemaphoreSlim _sync = new(1, 1);
    private VectorStoreCollection<object, Dictionary<string, object?>>? _collection;
    private DateTimeOffset? _syncedThrough;

    // Versions recorded exactly at _syncedThrough that are already indexed: the next sync reads from that instant
    // inclusively (a write can land in the same tick after a sync) and skips these.
    private HashSet<(string Entity, string Attribute, int Version)> _boundary = [];

    /// <summary>Initializes a new instance of the <see cref="MemoryIndex"/> class.</summary>
    /// <param name="vectors">The vector store that holds the index.</param>
    /// <param name="embeddings">The embedding generator.</param>
    /// <param name="memory">The canonical memory.</param>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException">A required argument is <see langword="null"/>.</exception>
    public MemoryIndex(VectorStore vectors, IEmbeddingGenerator<string, Embedding<float>> embeddings, MemoryStore memory, MemoryIndexOptions? options = null)
    {
        _vectors = Throw.IfNull(vectors);
        _embeddings = Throw.IfNull(embeddings);
        _memory = Throw.IfNull(memory);
        _options = options ?? new MemoryIndexOptions();
    }

    /// <summary>Indexes what memory recorded since the last sync.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>How many records were (re)indexed.</returns>
    public async Task<int> SyncAsync(CancellationToken cancellationToken = default)
    {
        await _sync.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await SyncCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sync.Release();
        }
    }

    /// <summary>Drops the index and builds it again from the canonical records.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>How many records were indexed.</returns>
    public async Task<int> RebuildAsync(CancellationToken cancellationToken = default)
    {
        await _sync.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            VectorStoreCollection<object, Dictionary<string, object?>> collection = await GetCollectionAsync(cancellationToken).ConfigureAwait(false);
            await collection.EnsureCollectionDeletedAsync(cancellationToken).ConfigureAwait(false);
            await collection.EnsureCollectionExistsAsync(cancellationToken).ConfigureAwait(false);
            _syncedThrough = null;
            _boundary = [];
            return await SyncCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sync.Release();
        }
    }

    /// <summary>Finds the current memory records most relevant to a query.</summary>
    /// <param name="query">What to look for, in words.</param>
    /// <param name="options">Narrows the search, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The canonical records, most relevant first, each scored by the cosine similarity of its text to the query.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is <see langword="null"/>.</exception>
    public async Task<IReadOnlyList<MemorySearchResult>> SearchAsync(string query, MemorySearchOptions? options = null, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(query);
        options ??= new MemorySearchOptions();
        if (options.Entities is { Count: 0 })
        {
            return [];
        }

        await SyncAsync(cancellationToken).ConfigureAwait(false);
        VectorStoreCollection<object, Dictionary<string, object?>> collection = await GetCollectionAsync(cancellationToken).ConfigureAwait(false);

        Embedding<float> embedding = await _embeddings.GenerateAsync(query, cancellationToken: cancellationToken).ConfigureAwait(false);
        Expression<Func<Dictionary<string, object?>, bool>>? filter = Filter(options);

        // Ask for more than needed: hits whose record was superseded or pruned since indexing are dropped below.
        int top = options.Top * 2;
        IAsyncEnumerable<VectorSearchResult<Dictionary<string, object?>>> hits = collection is IKeywordHybridSearchable<Dictionary<string, object?>> hybrid && Keywords(query) is { Count: > 0 } keywords
            ? hybrid.HybridSearchAsync(embedding.Vector, keywords, top, new HybridSearchOptions<Dictionary<string, object?>> { Filter = filter, AdditionalProperty = r => r[nameof(MemoryIndexRecord.Text)], IncludeVectors = true }, cancellationToken)
            : collection.SearchAsync(embedding.Vector, top, new VectorSearchOptions<Dictionary<string, object?>> { Filter = filter, IncludeVectors = true }, cancellationToken);

        var results = new List<MemorySearchResult>(options.Top);
        await foreach (VectorSearchResult<Dictionary<string, object?>> hit in hits.ConfigureAwait(false))
        {
            // Hybrid ranking fuses ranks, whose scores mean little to a caller; the score reported is the cosine
            // similarity of query and record, which is comparable across searches and usable as a confidence.
            double score = hit.Record[nameof(MemoryIndexRecord.Embedding)] is ReadOnlyMemory<float> stored && stored.Length == embedding.Vector.Length
                ? TensorPrimitives.CosineSimilarity(embedding.Vector.Span, stored.Span)
                : hit.Score ?? 0;
            if (options.MinScore is { } min && score < min)
            {
                continue;
            }

            string entity = (string)hit.Record[nameof(MemoryIndexRecord.Entity)]!;
            string attribute = (string)hit.Record[nameof(MemoryIndexRecord.Attribute)]!;
            int version = Convert.ToInt32(hit.Record[nameof(MemoryIndexRecord.Version)], System.Globalization.CultureInfo.InvariantCulture);
            MemoryRecord? current = await _memory.GetAsync(entity, attribute, cancellationToken).ConfigureAwait(false);
            if (current is not null && current.Version == version)
            {
                results.Add(new MemorySearchResult(current, score));
                if (results.Count == options.Top)
                {
                    break;
                }
            }
        }

        return results;
    }

    /// <summary>Counts index entries whose record no longer exists or was superseded after it was indexed, without syncing first.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>How many entries are stale; <see cref="SyncAsync"/> refreshes superseded ones and <see cref="RebuildAsync"/> removes the rest.</returns>
    public async Task<int> CountStaleEntriesAsync(CancellationToken cancellationToken = default)
    {
        VectorStoreCollection<object, Dictionary<string, object?>> collection = await GetCollectionAsync(cancellationToken).ConfigureAwait(false);
        int stale = 0;
        await foreach (Dictionary<string, object?> entry in collection.GetAsync(r => (int)r[nameof(MemoryIndexRecord.Kind)]! >= 0, int.MaxValue, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            MemoryRecord? current = await _memory.GetAsync((string)entry[nameof(MemoryIndexRecord.Entity)]!, (string)entry[nameof(MemoryIndexRecord.Attribute)]!, cancellationToken).ConfigureAwait(false);
            if (current is null || current.Version != Convert.ToInt32(entry[nameof(MemoryIndexRecord.Version)], System.Globalization.CultureInfo.InvariantCulture))
            {
                stale++;
            }
        }

        return stale;
    }

    /// <summary>Renders a record as the text that is embedded, keyword-indexed and shown to agents.</summary>
    /// <param name="record">The record.</param>
    /// <returns>The text, for example <c>student/42 enrollment: status active</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is <see langword="null"/>.</exception>
    public static string Describe(MemoryRecord record)
    {
        _ = Throw.IfNull(record);
        var text = new StringBuilder().Append(record.Entity).Append(' ').Append(record.Attribute).Append(": ");
        AppendValue(text, record.Value);
        return text.ToString().TrimEnd();
    }

    private async Task<int> SyncCoreAsync(CancellationToken cancellationToken)
    {
        VectorStoreCollection<object, Dictionary<string, object?>> collection = await GetCollectionAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<MemoryRecord> changed = (await _memory.QueryAsync(new MemoryQuery { RecordedFrom = _syncedThrough }, cancellationToken).ConfigureAwait(false))
            .Where(record => !_boundary.Contains((record.Entity, record.Attribute, record.Version)))
            .ToList();
        foreach (MemoryRecord[] chunk in changed.Chunk(EmbeddingBatch))
        {
            string[] texts = chunk.Select(Describe).ToArray();
            GeneratedEmbeddings<Embedding<float>> vectors = await _embeddings.GenerateAsync(texts, cancellationToken: cancellationToken).ConfigureAwait(false);
            var records = new List<Dictionary<string, object?>>(chunk.Length);
            for (int i = 0; i < chunk.Length; i++)
            {
                MemoryRecord record = chunk[i];
                records.Add(new Dictionary<string, object?>
                {
                    [nameof(MemoryIndexRecord.Key)] = record.Entity + "\n" + record.Attribute,
                    [nameof(MemoryIndexRecord.Entity)] = record.Entity,
                    [nameof(MemoryIndexRecord.Attribute)] = record.Attribute,
                    [nameof(MemoryIndexRecord.Kind)] = (int)record.Kind,
                    [nameof(MemoryIndexRecord.Version)] = record.Version,
                    [nameof(MemoryIndexRecord.RecordedAtTicks)] = record.RecordedAt.UtcTicks,
                    [nameof(MemoryIndexRecord.Text)] = texts[i],
                    [nameof(MemoryIndexRecord.Embedding)] = vectors[i].Vector,
                });
            }

            await collection.UpsertAsync(records, cancellationToken).ConfigureAwait(false);
        }

        if (changed.Count > 0)
        {
            DateTimeOffset latest = changed.Max(record => record.RecordedAt);
            if (latest != _syncedThrough)
            {
                _boundary = [];
            }

            _syncedThrough = latest;
            _boundary.UnionWith(changed.Where(record => record.RecordedAt == latest).Select(record => (record.Entity, record.Attribute, record.Version)));
        }

        return changed.Count;
    }

    private async Task<VectorStoreCollection<object, Dictionary<string, object?>>> GetCollectionAsync(CancellationToken cancellationToken)
    {
        if (_collection is not null)
        {
            return _collection;
        }

        int dimensions = _options.Dimensions
            ?? _embeddings.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelDimensions
            ?? throw new InvalidOperationException($"The embedding generator does not report its dimensions; set {nameof(MemoryIndexOptions)}.{nameof(MemoryIndexOptions.Dimensions)}.");
        var definition = new VectorStoreCollectionDefinition
        {
            Properties =
            [
                new VectorStoreKeyProperty(nameof(MemoryIndexRecord.Key), typeof(string)),
                new VectorStoreDataProperty(nameof(MemoryIndexRecord.Entity), typeof(string)) { IsIndexed = true },
                new VectorStoreDataProperty(nameof(MemoryIndexRecord.Attribute), typeof(string)),
                new VectorStoreDataProperty(nameof(MemoryIndexRecord.Kind), typeof(int)) { IsIndexed = true },
                new VectorStoreDataProperty(nameof(MemoryIndexRecord.Version), typeof(int)),
                new VectorStoreDataProperty(nameof(MemoryIndexRecord.RecordedAtTicks), typeof(long)) { IsIndexed = true },
                new VectorStoreDataProperty(nameof(MemoryIndexRecord.Text), typeof(string)) { IsFullTextIndexed = true },
                new VectorStoreVectorProperty(nameof(MemoryIndexRecord.Embedding), typeof(ReadOnlyMemory<float>), dimensions) { DistanceFunction = DistanceFunction.CosineSimilarity },
            ],
        };
        VectorStoreCollection<object, Dictionary<string, object?>> collection = _vectors.GetDynamicCollection(_options.CollectionName, definition);
        await collection.EnsureCollectionExistsAsync(cancellationToken).ConfigureAwait(false);
        return _collection = collection;
    }

    private static Expression<Func<Dictionary<string, object?>, bool>>? Filter(MemorySearchOptions options)
    {
        ParameterExpression r = Expression.Parameter(typeof(Dictionary<string, object?>), "r");
        Expression? body = null;
        void And(Expression condition) => body = body is null ? condition : Expression.AndAlso(body, condition);
        Expression Field<T>(string name) => Expression.Convert(Expression.Call(r, IndexerGetter, Expression.Constant(name)), typeof(T));

        if (options.Kind is { } kind)
        {
            And(Expression.Equal(Field<int>(nameof(MemoryIndexRecord.Kind)), Expression.Constant((int)kind)));
        }

        if (options.Entity is { } entity)
        {
            And(Expression.Equal(Field<string>(nameof(MemoryIndexRecord.Entity)), Expression.Constant(entity)));
        }

        if (options.Entities is { } entities)
        {
            Expression? any = null;
            foreach (string e in entities.Distinct(StringComparer.Ordinal))
            {
                Expression equals = Expression.Equal(Field<string>(nameof(MemoryIndexRecord.Entity)), Expression.Constant(e));
                any = any is null ? equals : Expression.OrElse(any, equals);
            }

            And(any ?? Expression.Constant(false));
        }

        if (options.RecordedFrom is { } from)
        {
            And(Expression.GreaterThanOrEqual(Field<long>(nameof(MemoryIndexRecord.RecordedAtTicks)), Expression.Constant(from.UtcTicks)));
        }

        if (options.RecordedBefore is { } before)
        {
            And(Expression.LessThan(Field<long>(nameof(MemoryIndexRecord.RecordedAtTicks)), Expression.Constant(before.UtcTicks)));
        }

        return body is null ? null : Expression.Lambda<Func<Dictionary<string, object?>, bool>>(body, r);
    }

    private static List<string> Keywords(string query) =>
        query.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(word => new string(word.Where(char.IsLetterOrDigit).ToArray()))
            .Where(word => word.Length > 0)
            .ToList();

    private static void AppendValue(StringBuilder text, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (JsonProperty property in value.EnumerateObject())
                {
                    text.Append(property.Name).Append(' ');
                    AppendValue(text, property.Value);
                }

                break;
            case JsonValueKind.Array:
                foreach (JsonElement item in value.EnumerateArray())
                {
                    AppendValue(text, item);
                }

                break;
            case JsonValueKind.String:
                text.Append(value.GetString()).Append(' ');
                break;
            case JsonValueKind.Undefined or JsonValueKind.Null:
                break;
            default:
                text.Append(value.GetRawText()).Append(' ');
                break;
        }
    }
}
