using System.Collections.Concurrent;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;

#pragma warning disable MEVD9001 // MEVD provider services are experimental; this is the connector-author API they exist for.

namespace OperatorOs;

/// <summary>
/// The records of one named collection: a key-to-slot map, the stored records by slot, one contiguous
/// <see cref="VectorColumn"/> per vector property and one <see cref="FullTextIndex"/> per full-text-indexed string property.
/// </summary>
/// <remarks>
/// <para>
/// Thread safety: every read (get, search) holds <see cref="Lock"/> in read mode and every write (upsert, delete) in write mode,
/// so searches run in parallel with each other and never see a half-written record. Locks are never held across an await.
/// Freed slots are reused (a free list), so the vector chunks stay dense under churn.
/// </para>
/// <para>
/// When a vector property has an <see cref="HnswGraph"/>, a deleted record's slot is quarantined instead of freed, because its node still
/// routes searches through the row; an update is a delete plus an insert into a fresh slot. Once a graph's tombstones reach
/// <see cref="InMemoryIndexSettings.RebuildTombstoneRatio"/> of its nodes (and at least
/// <see cref="InMemoryVectorConstants.MinimumHnswTombstonesForRebuild"/>), every graph is rebuilt from the live rows, in slot order, and the
/// quarantined slots are freed. The rebuild runs inside the write that crossed the threshold.
/// </para>
/// </remarks>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TRecord">The record type.</typeparam>
internal sealed class InMemoryCollectionStorage<TKey, TRecord> : IInMemoryCollectionStorage
    where TKey : notnull
    where TRecord : class
{
    private readonly Dictionary<TKey, int> _slots = [];
    private readonly Stack<int> _free = new();
    private readonly List<int> _quarantine = [];
    private readonly InMemoryIndexSettings _settings;
    private readonly bool _hasGraphs;
    private readonly Dictionary<string, int> _columnIndex = new(StringComparer.Ordinal);
    private readonly (FullTextIndex Index, PropertyModel Property)[] _textIndexes;
    private TRecord?[] _records = new TRecord?[16];

    public InMemoryCollectionStorage(CollectionModel model, InMemoryIndexSettings settings)
    {
        _settings = settings;
        var columns = new VectorColumn[model.VectorProperties.Count];
        for (int i = 0; i < columns.Length; i++)
        {
            VectorPropertyModel property = model.VectorProperties[i];
            var column = new VectorColumn(property.ModelName, property.Dimensions, VectorDistances.Parse(property.DistanceFunction));
            if (GraphMetrics.TryGet(column.Distance, out GraphMetric metric))
            {
                if (settings.Quantization == VectorQuantization.Int8 || property.IndexKind == IndexKind.QuantizedFlat)
                {
                    column.EnableQuantization(metric);
                }

                if (property.IndexKind == IndexKind.Hnsw)
                {
                    column.Graph = new HnswGraph(column, metric, settings);
                    _hasGraphs = true;
                }
            }

            columns[i] = column;
            _columnIndex.Add(property.ModelName, i);
        }

        Columns = columns;
        _textIndexes = [.. model.DataProperties
            .Where(p => p.IsFullTextIndexed && p.Type == typeof(string))
            .Select(p => (new FullTextIndex(p.ModelName), (PropertyModel)p))];
    }

    /// <inheritdoc/>
    public Type KeyType => typeof(TKey);

    /// <inheritdoc/>
    public Type RecordType => typeof(TRecord);

    /// <summary>Gets the index settings the storage was created with.</summary>
    public InMemoryIndexSettings Settings => _settings;

    /// <summary>Gets the lock guarding every member below.</summary>
    public ReaderWriterLockSlim Lock { get; } = new(LockRecursionPolicy.NoRecursion);

    /// <summary>
    /// Gets the gate that orders the writes of a persisted collection: a writer holds it while its change is made durable and then applied
    /// in memory, so the two orders agree while readers go on searching during the durable write. Unused without persistence.
    /// </summary>
    public SemaphoreSlim WriteGate { get; } = new(1, 1);

    /// <summary>Gets the compiled filter delegates, keyed by filter shape.</summary>
    public ConcurrentDictionary<string, Delegate> FilterCache { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets the vector columns, one per vector property.</summary>
    public VectorColumn[] Columns { get; }

    /// <summary>Gets one past the highest slot ever used.</summary>
    public int HighWater { get; private set; }

    /// <summary>Gets the number of records.</summary>
    public int Count => _slots.Count;

    /// <summary>Gets the stored record of a slot, or <see langword="null"/> for a free slot.</summary>
    public TRecord? RecordAt(int slot) => _records[slot];

    /// <summary>Gets the column of a vector property.</summary>
    /// <exception cref="InvalidOperationException">The collection was created without that vector property.</exception>
    public VectorColumn Column(string propertyName) =>
        _columnIndex.TryGetValue(propertyName, out int index)
            ? Columns[index]
            : throw new InvalidOperationException($"The collection was created without the vector property '{propertyName}'.");

    /// <summary>Gets the index of a vector property's column.</summary>
    public int ColumnIndex(string propertyName) =>
        _columnIndex.TryGetValue(propertyName, out int index)
            ? index
            : throw new InvalidOperationException($"The collection was created without the vector property '{propertyName}'.");

    /// <summary>Gets the full-text index of a property.</summary>
    /// <exception cref="InvalidOperationException">The property is not a full-text-indexed string property of the collection.</exception>
    public FullTextIndex TextIndex(string propertyName)
    {
        foreach ((FullTextIndex index, _) in _textIndexes)
        {
            if (index.PropertyName == propertyName)
            {
                return index;
            }
        }

        throw new InvalidOperationException($"The collection has no full-text index on the property '{propertyName}'.");
    }

    /// <summary>Gets the slot of a key.</summary>
    public bool TryGetSlot(TKey key, out int slot) => _slots.TryGetValue(key, out slot);

    /// <summary>Inserts or replaces a record; <paramref name="vectors"/> is indexed like <see cref="Columns"/> (empty = no vector). Call under the write lock.</summary>
    public void Put(TKey key, TRecord stored, ReadOnlyMemory<float>[] vectors)
    {
        if (_hasGraphs)
        {
            // A graph node cannot change its vector in place: tombstone the old node, insert the record afresh.
            Remove(key);
        }

        if (_slots.TryGetValue(key, out int slot))
        {
            TRecord previous = _records[slot]!;
            foreach ((FullTextIndex index, PropertyModel property) in _textIndexes)
            {
                index.Remove(slot, property.GetValueAsObject(previous) as string);
            }
        }
        else
        {
            slot = _free.Count > 0 ? _free.Pop() : HighWater++;
            if (slot >= _records.Length)
            {
                Array.Resize(ref _records, _records.Length * 2);
            }

            _slots.Add(key, slot);
        }

        _records[slot] = stored;
        for (int i = 0; i < Columns.Length; i++)
        {
            if (vectors[i].IsEmpty)
            {
                Columns[i].Clear(slot);
            }
            else
            {
                Columns[i].Set(slot, vectors[i].Span);
            }
        }

        foreach ((FullTextIndex index, PropertyModel property) in _textIndexes)
        {
            index.Add(slot, property.GetValueAsObject(stored) as string);
        }

        if (_hasGraphs)
        {
            foreach (VectorColumn column in Columns)
            {
                if (column.Graph is { } graph && column.Has(slot))
                {
                    graph.Insert(slot);
                }
            }
        }
    }

    /// <summary>Removes a record, if present. Call under the write lock.</summary>
    public void Remove(TKey key)
    {
        if (!_slots.Remove(key, out int slot))
        {
            return;
        }

        TRecord previous = _records[slot]!;
        foreach ((FullTextIndex index, PropertyModel property) in _textIndexes)
        {
            index.Remove(slot, property.GetValueAsObject(previous) as string);
        }

        foreach (VectorColumn column in Columns)
        {
            column.Graph?.MarkDeleted(slot);
            column.Clear(slot);
        }

        _records[slot] = null;
        if (!_hasGraphs)
        {
            _free.Push(slot);
            return;
        }

        _quarantine.Add(slot);
        if (Columns.Any(c => c.Graph is { } g && g.Tombstones >= Math.Max(InMemoryVectorConstants.MinimumHnswTombstonesForRebuild, _settings.RebuildTombstoneRatio * g.NodeCount)))
        {
            RebuildGraphs();
        }
    }

    /// <summary>Rebuilds every HNSW graph from the live rows, in slot order, then frees the quarantined slots. Call under the write lock.</summary>
    public void RebuildGraphs()
    {
        foreach (VectorColumn column in Columns)
        {
            if (column.Graph is not { } old)
            {
                continue;
            }

            var graph = new HnswGraph(column, old.Metric, _settings);
            for (int slot = 0; slot < HighWater; slot++)
            {
                if (column.Has(slot))
                {
                    graph.Insert(slot);
                }
            }

            column.Graph = graph;
        }

        // Highest first, so the lowest slots are reused first.
        _quarantine.Sort();
        for (int i = _quarantine.Count - 1; i >= 0; i--)
        {
            _free.Push(_quarantine[i]);
        }

        _quarantine.Clear();
    }

    /// <summary>Gets the approximate number of bytes held by the vector columns.</summary>
    public long VectorBytes => Columns.Sum(c => c.AllocatedBytes);
}
