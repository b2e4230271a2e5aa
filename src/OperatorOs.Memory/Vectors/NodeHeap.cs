namespace OperatorOs;

/// <summary>A growable binary min-heap of (key, node) pairs: the smallest key is on top.</summary>
/// <remarks>Used by the HNSW search with negated keys for a best-first candidate queue and with plain keys for the worst-on-top result set.</remarks>
internal sealed class NodeHeap
{
    private float[] _keys;
    private int[] _nodes;

    public NodeHeap(int capacity)
    {
        _keys = new float[Math.Max(capacity, 4)];
        _nodes = new int[_keys.Length];
    }

    /// <summary>Gets the number of entries.</summary>
    public int Count { get; private set; }

    /// <summary>Gets the smallest key; only valid when <see cref="Count"/> is positive.</summary>
    public float TopKey => _keys[0];

    /// <summary>Gets the node with the smallest key; only valid when <see cref="Count"/> is positive.</summary>
    public int TopNode => _nodes[0];

    /// <summary>Gets the key of the entry at heap position <paramref name="index"/> (unordered).</summary>
    public float KeyAt(int index) => _keys[index];

    /// <summary>Gets the node of the entry at heap position <paramref name="index"/> (unordered).</summary>
    public int NodeAt(int index) => _nodes[index];

    /// <summary>Removes every entry.</summary>
    public void Clear() => Count = 0;

    /// <summary>Adds an entry.</summary>
    public void Push(float key, int node)
    {
        if (Count == _keys.Length)
        {
            Array.Resize(ref _keys, _keys.Length * 2);
            Array.Resize(ref _nodes, _nodes.Length * 2);
        }

        int i = Count++;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (_keys[parent] <= key)
            {
                break;
            }

            _keys[i] = _keys[parent];
            _nodes[i] = _nodes[parent];
            i = parent;
        }

        _keys[i] = key;
        _nodes[i] = node;
    }

    /// <summary>Removes the entry with the smallest key.</summary>
    public void Pop()
    {
        int count = --Count;
        if (count == 0)
        {
            return;
        }

        float key = _keys[count];
        int node = _nodes[count];
        int index = 0;
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

            _keys[index] = _keys[child];
            _nodes[index] = _nodes[child];
            index = child;
        }

        _keys[index] = key;
        _nodes[index] = node;
    }
}
