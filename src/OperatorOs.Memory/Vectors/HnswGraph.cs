using System.Buffers;

namespace OperatorOs;

/// <summary>
/// A hierarchical navigable small world graph (Malkov and Yashunin, 2016) over the rows of one <see cref="VectorColumn"/>; node ids are slots.
/// </summary>
/// <remarks>
/// <para>
/// Each node draws its top layer from a seeded generator (<c>floor(-ln(U) / ln(M))</c>), so the same sequence of writes builds the same graph.
/// A node keeps up to 2·M neighbours on layer 0 and M on the upper layers, chosen with the paper's diversity heuristic; a full neighbour
/// list is re-pruned with the same heuristic when a new node links back to it.
/// </para>
/// <para>
/// Deletion is a tombstone: the storage clears the row's norm (so searches skip the node) but keeps the row and does not reuse the slot,
/// so the node still routes searches. The storage rebuilds the graph from the live rows once tombstones pass a threshold and only then
/// frees the slots. Not thread-safe for writes: the owning storage's lock guards it; searches only read and may run in parallel.
/// </para>
/// </remarks>
internal sealed class HnswGraph
{
    private const int MaxLevel = 30;

    private readonly VectorColumn _column;
    private readonly GraphMetric _metric;
    private readonly int _m;
    private readonly int _m0;
    private readonly int _efConstruction;
    private readonly double _levelFactor;
    private readonly Random _random;
    private readonly NodeHeap _candidates = new(256);
    private readonly NodeHeap _results = new(256);
    private readonly int[] _chosenNodes;
    private readonly float[] _chosenSimilarities;
    private int[] _levels = [];
    private float[] _norms = [];
    private int[] _links0 = [];
    private int[]?[] _upper = [];
    private ulong[] _visited = [];
    private float[] _sortKeys = [];
    private int[] _sortNodes = [];
    private int _entry = -1;
    private int _topLevel = -1;

    public HnswGraph(VectorColumn column, GraphMetric metric, InMemoryIndexSettings settings)
    {
        _column = column;
        _metric = metric;
        _m = settings.M;
        _m0 = 2 * settings.M;
        _efConstruction = settings.EfConstruction;
        EfSearch = settings.EfSearch;
        _levelFactor = 1.0 / Math.Log(settings.M);
        _chosenNodes = new int[settings.M];
        _chosenSimilarities = new float[settings.M];
#pragma warning disable CA5394 // Layer assignment needs reproducibility, not unpredictability.
        _random = new Random(settings.Seed);
#pragma warning restore CA5394
    }

    /// <summary>Gets the metric the graph ranks by.</summary>
    public GraphMetric Metric => _metric;

    /// <summary>Gets the default search candidate list size.</summary>
    public int EfSearch { get; }

    /// <summary>Gets the number of nodes, live or tombstoned.</summary>
    public int NodeCount { get; private set; }

    /// <summary>Gets the number of tombstoned nodes.</summary>
    public int Tombstones { get; private set; }

    /// <summary>Gets the number of live nodes.</summary>
    public int LiveCount => NodeCount - Tombstones;

    /// <summary>Gets whether <paramref name="slot"/> is a node of the graph (live or tombstoned).</summary>
    public bool Contains(int slot) => (uint)slot < (uint)_levels.Length && _levels[slot] >= 0;

    /// <summary>Gets the approximate number of bytes the graph holds.</summary>
    public long AllocatedBytes
    {
        get
        {
            long bytes = ((long)_levels.Length * sizeof(int)) + ((long)_norms.Length * sizeof(float)) + ((long)_links0.Length * sizeof(int))
                + ((long)_upper.Length * IntPtr.Size) + ((long)_visited.Length * sizeof(ulong));
            foreach (int[]? links in _upper)
            {
                bytes += links is null ? 0 : 24 + ((long)links.Length * sizeof(int));
            }

            return bytes;
        }
    }

    /// <summary>Marks the node of <paramref name="slot"/> as deleted; the caller clears the row's norm so searches skip it.</summary>
    public void MarkDeleted(int slot)
    {
        if (Contains(slot))
        {
            Tombstones++;
        }
    }

    /// <summary>Inserts the row of <paramref name="slot"/>, which must hold a vector and not be a node yet. Call under the write lock.</summary>
    public void Insert(int slot)
    {
        ReadOnlySpan<float> query = _column.Row(slot);
        float queryNorm = _column.Norm(slot);
        EnsureCapacity(slot);
        int level = DrawLevel();
        _levels[slot] = level;
        _norms[slot] = queryNorm;
        _links0[slot * (_m0 + 1)] = 0;
        _upper[slot] = level > 0 ? new int[level * (_m + 1)] : null;
        NodeCount++;
        if (_entry < 0)
        {
            _entry = slot;
            _topLevel = level;
            return;
        }

        int entry = _entry;
        float entrySimilarity = Similarity(query, queryNorm, entry);
        for (int l = _topLevel; l > level; l--)
        {
            Greedy(query, queryNorm, ref entry, ref entrySimilarity, l);
        }

        for (int l = Math.Min(level, _topLevel); l >= 0; l--)
        {
            ClearVisited();
            SearchLayer(query, queryNorm, entry, entrySimilarity, _efConstruction, l, onlyLive: false, _visited, _candidates, _results);
            int count = DrainBestFirst(_results);
            entry = _sortNodes[0];
            entrySimilarity = -_sortKeys[0];
            int selected = SelectNeighbours(count, _m);
            Span<int> links = Links(slot, l);
            links[0] = selected;
            for (int i = 0; i < selected; i++)
            {
                links[i + 1] = _sortNodes[i];
            }

            // Copy: linking back re-uses the sort buffers.
            for (int i = 0; i < selected; i++)
            {
                _chosenNodes[i] = _sortNodes[i];
                _chosenSimilarities[i] = -_sortKeys[i];
            }

            for (int i = 0; i < selected; i++)
            {
                LinkBack(_chosenNodes[i], slot, _chosenSimilarities[i], l);
            }
        }

        if (level > _topLevel)
        {
            _entry = slot;
            _topLevel = level;
        }
    }

    /// <summary>
    /// Searches for the <paramref name="ef"/> live nodes closest to <paramref name="query"/>; returns them unordered as (similarity, slot).
    /// Safe to call concurrently with other searches (under the read lock).
    /// </summary>
    public (float Similarity, int Slot)[] Search(ReadOnlySpan<float> query, float queryNorm, int ef, CancellationToken cancellationToken)
    {
        if (_entry < 0)
        {
            return [];
        }

        int entry = _entry;
        float entrySimilarity = Similarity(query, queryNorm, entry);
        for (int l = _topLevel; l > 0; l--)
        {
            Greedy(query, queryNorm, ref entry, ref entrySimilarity, l);
        }

        cancellationToken.ThrowIfCancellationRequested();
        int words = (_levels.Length + 63) >> 6;
        ulong[] visited = ArrayPool<ulong>.Shared.Rent(words);
        try
        {
            Array.Clear(visited, 0, words);
            var candidates = new NodeHeap(ef * 2);
            var results = new NodeHeap(ef + 1);
            SearchLayer(query, queryNorm, entry, entrySimilarity, ef, 0, onlyLive: true, visited, candidates, results);
            var found = new (float, int)[results.Count];
            for (int i = 0; i < found.Length; i++)
            {
                found[i] = (results.KeyAt(i), results.NodeAt(i));
            }

            return found;
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(visited);
        }
    }

    private static bool IsSet(ulong[] visited, int node) => (visited[node >> 6] & (1UL << (node & 63))) != 0;

    private static bool TestAndSet(ulong[] visited, int node)
    {
        ref ulong word = ref visited[node >> 6];
        ulong bit = 1UL << (node & 63);
        if ((word & bit) != 0)
        {
            return true;
        }

        word |= bit;
        return false;
    }

    private float Similarity(ReadOnlySpan<float> query, float queryNorm, int node) =>
        GraphMetrics.Similarity(_metric, query, queryNorm, _column.Row(node), _norms[node]);

    private float Similarity(int x, int y) =>
        GraphMetrics.Similarity(_metric, _column.Row(x), _norms[x], _column.Row(y), _norms[y]);

    private bool IsLive(int node) => _column.Norm(node) >= 0f;

    private Span<int> Links(int node, int level) =>
        level == 0
            ? _links0.AsSpan(node * (_m0 + 1), _m0 + 1)
            : _upper[node].AsSpan((level - 1) * (_m + 1), _m + 1);

    private void Greedy(ReadOnlySpan<float> query, float queryNorm, ref int entry, ref float entrySimilarity, int level)
    {
        bool changed = true;
        while (changed)
        {
            changed = false;
            Span<int> links = Links(entry, level);
            int count = links[0];
            for (int i = 1; i <= count; i++)
            {
                int neighbour = links[i];
                float similarity = Similarity(query, queryNorm, neighbour);
                if (similarity > entrySimilarity)
                {
                    entrySimilarity = similarity;
                    entry = neighbour;
                    changed = true;
                }
            }
        }
    }

    private void SearchLayer(
        ReadOnlySpan<float> query,
        float queryNorm,
        int entry,
        float entrySimilarity,
        int ef,
        int level,
        bool onlyLive,
        ulong[] visited,
        NodeHeap candidates,
        NodeHeap results)
    {
        candidates.Clear();
        results.Clear();
        _ = TestAndSet(visited, entry);
        candidates.Push(-entrySimilarity, entry);
        if (!onlyLive || IsLive(entry))
        {
            results.Push(entrySimilarity, entry);
        }

        float lowerBound = results.Count > 0 ? results.TopKey : float.NegativeInfinity;
        while (candidates.Count > 0)
        {
            float candidateSimilarity = -candidates.TopKey;
            int candidate = candidates.TopNode;
            if (candidateSimilarity < lowerBound && results.Count >= ef)
            {
                break;
            }

            candidates.Pop();
            Span<int> links = Links(candidate, level);
            int count = links[0];
            for (int i = 1; i <= count; i++)
            {
                if (!IsSet(visited, links[i]))
                {
                    _column.Prefetch(links[i]);
                }
            }

            for (int i = 1; i <= count; i++)
            {
                int neighbour = links[i];
                if (TestAndSet(visited, neighbour))
                {
                    continue;
                }

                float similarity = Similarity(query, queryNorm, neighbour);
                if (results.Count < ef || similarity > lowerBound)
                {
                    candidates.Push(-similarity, neighbour);
                    if (!onlyLive || IsLive(neighbour))
                    {
                        results.Push(similarity, neighbour);
                        if (results.Count > ef)
                        {
                            results.Pop();
                        }

                        lowerBound = results.TopKey;
                    }
                }
            }
        }
    }

    /// <summary>Moves the heap into the sort buffers, best first (keys negated: ascending key = descending similarity).</summary>
    private int DrainBestFirst(NodeHeap heap)
    {
        int count = heap.Count;
        EnsureSortBuffers(count + 1);
        for (int i = 0; i < count; i++)
        {
            _sortKeys[i] = -heap.KeyAt(i);
            _sortNodes[i] = heap.NodeAt(i);
        }

        heap.Clear();
        Array.Sort(_sortKeys, _sortNodes, 0, count);
        return count;
    }

    /// <summary>
    /// The diversity heuristic: walks the <paramref name="count"/> candidates in the sort buffers best first and keeps one only if it is closer
    /// to the base than to every candidate already kept. Kept candidates are compacted to the front; returns how many.
    /// </summary>
    private int SelectNeighbours(int count, int max)
    {
        if (count <= max)
        {
            return count;
        }

        int kept = 0;
        for (int i = 0; i < count && kept < max; i++)
        {
            int candidate = _sortNodes[i];
            float toBase = -_sortKeys[i];
            bool good = true;
            for (int j = 0; j < kept; j++)
            {
                if (Similarity(candidate, _sortNodes[j]) > toBase)
                {
                    good = false;
                    break;
                }
            }

            if (good)
            {
                _sortNodes[kept] = candidate;
                _sortKeys[kept] = _sortKeys[i];
                kept++;
            }
        }

        return kept;
    }

    private void LinkBack(int node, int newNode, float similarity, int level)
    {
        Span<int> links = Links(node, level);
        int max = level == 0 ? _m0 : _m;
        int count = links[0];
        if (count < max)
        {
            links[count + 1] = newNode;
            links[0] = count + 1;
            return;
        }

        EnsureSortBuffers(count + 1);
        for (int i = 0; i < count; i++)
        {
            int neighbour = links[i + 1];
            _sortNodes[i] = neighbour;
            _sortKeys[i] = -Similarity(node, neighbour);
        }

        _sortNodes[count] = newNode;
        _sortKeys[count] = -similarity;
        Array.Sort(_sortKeys, _sortNodes, 0, count + 1);
        int kept = SelectNeighbours(count + 1, max);
        links[0] = kept;
        for (int i = 0; i < kept; i++)
        {
            links[i + 1] = _sortNodes[i];
        }
    }

    private int DrawLevel()
    {
#pragma warning disable CA5394 // Reproducible layer assignment.
        double uniform = 1.0 - _random.NextDouble();
#pragma warning restore CA5394
        return Math.Min(MaxLevel, (int)(-Math.Log(uniform) * _levelFactor));
    }

    private void ClearVisited() => Array.Clear(_visited, 0, (_levels.Length + 63) >> 6);

    private void EnsureSortBuffers(int length)
    {
        if (_sortKeys.Length < length)
        {
            int size = Math.Max(length, _sortKeys.Length * 2);
            _sortKeys = new float[size];
            _sortNodes = new int[size];
        }
    }

    private void EnsureCapacity(int slot)
    {
        if (slot < _levels.Length)
        {
            return;
        }

        int length = Math.Max(64, _levels.Length * 2);
        while (length <= slot)
        {
            length *= 2;
        }

        int old = _levels.Length;
        Array.Resize(ref _levels, length);
        _levels.AsSpan(old).Fill(-1);
        Array.Resize(ref _norms, length);
        Array.Resize(ref _links0, length * (_m0 + 1));
        Array.Resize(ref _upper, length);
        Array.Resize(ref _visited, (length + 63) >> 6);
    }
}
