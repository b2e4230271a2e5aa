namespace OperatorOs;

/// <summary>A bounded min-heap that keeps the <c>k</c> entries with the largest keys.</summary>
/// <remarks>Adding is O(log k) and most candidates are rejected in O(1) once the heap is full.</remarks>
internal sealed class TopK
{
    private readonly float[] _keys;
    private readonly int[] _slots;
    private readonly float[] _scores;

    public TopK(int capacity)
    {
        _keys = new float[capacity];
        _slots = new int[capacity];
        _scores = new float[capacity];
    }

    /// <summary>Gets the number of entries held.</summary>
    public int Count { get; private set; }

    /// <summary>Gets the smallest key held once the heap is full, the bar a new candidate must beat.</summary>
    public float Bar => Count == _keys.Length ? _keys[0] : float.NegativeInfinity;

    /// <summary>Gets the slot of the entry at heap position <paramref name="index"/> (unordered).</summary>
    public int SlotAt(int index) => _slots[index];

    /// <summary>Offers every entry of <paramref name="other"/>, so heaps filled over disjoint ranges merge into the best of all.</summary>
    public void AddAll(TopK other)
    {
        for (int i = 0; i < other.Count; i++)
        {
            Add(other._keys[i], other._slots[i], other._scores[i]);
        }
    }

    /// <summary>Gets whether a candidate with <paramref name="key"/> would enter the heap.</summary>
    public bool Accepts(float key) => Count < _keys.Length || key > _keys[0];

    /// <summary>Offers a candidate.</summary>
    public void Add(float key, int slot, float score)
    {
        if (Count < _keys.Length)
        {
            int i = Count++;
            while (i > 0)
            {
                int parent = (i - 1) >> 1;
                if (_keys[parent] <= key)
                {
                    break;
                }

                Move(parent, i);
                i = parent;
            }

            Put(i, key, slot, score);
            return;
        }

        if (key <= _keys[0])
        {
            return;
        }

        // Replace the root and sift down.
        int index = 0;
        int count = Count;
        while (true)
        {
            int child = (index << 1) + 1;
            if (child >= count)
            {
                break;
            }

            if (child + 1 < count && _keys[child + 1] < _keys[child])
            {
                child++;
            }

            if (_keys[child] >= key)
            {
                break;
            }

            Move(child, index);
            index = child;
        }

        Put(index, key, slot, score);
    }

    /// <summary>Returns the entries best first (largest key first; equal keys by ascending slot).</summary>
    public (int Slot, float Score)[] ToSortedArray()
    {
        var order = new int[Count];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) =>
        {
            int byKey = _keys[b].CompareTo(_keys[a]);
            return byKey != 0 ? byKey : _slots[a].CompareTo(_slots[b]);
        });

        var result = new (int, float)[order.Length];
        for (int i = 0; i < order.Length; i++)
        {
            result[i] = (_slots[order[i]], _scores[order[i]]);
        }

        return result;
    }

    private void Move(int from, int to)
    {
        _keys[to] = _keys[from];
        _slots[to] = _slots[from];
        _scores[to] = _scores[from];
    }

    private void Put(int index, float key, int slot, float score)
    {
        _keys[index] = key;
        _slots[index] = slot;
        _scores[index] = score;
    }
}
