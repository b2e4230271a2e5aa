using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace OperatorOs;

/// <summary>
/// The vectors of one vector property of a collection, stored row by row in contiguous chunks, with each row's L2 norm.
/// </summary>
/// <remarks>
/// Row <c>slot</c> lives in chunk <c>slot / RowsPerChunk</c>. Every chunk except the first is allocated at full size;
/// the first starts small and doubles, so small collections stay small and large ones never copy more than one chunk.
/// A negative norm marks a slot without a vector. Not thread-safe: the owning storage's lock guards it.
/// </remarks>
internal sealed class VectorColumn
{
    private const int TargetChunkFloats = 1 << 16;
    private const int MinimumFirstChunkRows = 16;

    private readonly int _shift;
    private readonly int _mask;
    // How much of a row a prefetch asks for: the rest follows from the hardware's sequential prefetcher once the scoring starts.
    private const int PrefetchBytes = 768;

    private float[][] _chunks = [];
    private float[] _norms = [];

    public VectorColumn(string propertyName, int dimensions, VectorDistance distance)
    {
        PropertyName = propertyName;
        Dimensions = dimensions;
        Distance = distance;
        int rows = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, TargetChunkFloats / dimensions));
        if (rows > TargetChunkFloats / dimensions && rows > 1)
        {
            rows >>= 1;
        }

        rows = Math.Max(rows, MinimumFirstChunkRows);
        RowsPerChunk = rows;
        _shift = BitOperations.Log2((uint)rows);
        _mask = rows - 1;
    }

    /// <summary>Gets the model name of the vector property.</summary>
    public string PropertyName { get; }

    /// <summary>Gets the number of dimensions of every row.</summary>
    public int Dimensions { get; }

    /// <summary>Gets the distance function configured for the property.</summary>
    public VectorDistance Distance { get; }

    /// <summary>Gets the number of rows of a full chunk.</summary>
    public int RowsPerChunk { get; }

    /// <summary>Gets the int8 codes of the rows, when the column is quantized.</summary>
    public QuantizedRows? Codes { get; private set; }

    /// <summary>Gets or sets the HNSW graph over the rows, when the property is HNSW-indexed; the owning storage maintains it.</summary>
    public HnswGraph? Graph { get; set; }

    /// <summary>Starts keeping int8 codes of the rows; call before the first row is written.</summary>
    public void EnableQuantization(GraphMetric metric) => Codes = new QuantizedRows(Dimensions, RowsPerChunk, metric);

    /// <summary>Gets whether <paramref name="slot"/> holds a vector.</summary>
    public bool Has(int slot) => (uint)slot < (uint)_norms.Length && _norms[slot] >= 0f;

    /// <summary>Gets the L2 norm of the row, or a negative value when the slot holds no vector.</summary>
    public float Norm(int slot) => (uint)slot < (uint)_norms.Length ? _norms[slot] : -1f;

    /// <summary>Gets the norms array (indexed by slot; entries past the last written slot may be missing).</summary>
    public float[] Norms => _norms;

    /// <summary>Gets the row of <paramref name="slot"/>; only valid when <see cref="Has(int)"/> is true.</summary>
    public ReadOnlySpan<float> Row(int slot) => new(_chunks[slot >> _shift], (slot & _mask) * Dimensions, Dimensions);

    /// <summary>
    /// Hints the CPU to start loading the first cache lines of a row. A graph search reads rows in an order the hardware cannot
    /// predict; issuing the loads for all of a node's neighbours before scoring them overlaps their memory latency.
    /// </summary>
    /// <remarks>A hint only: an address that moved (the GC compacting) or is stale costs a wasted load, never a fault.</remarks>
    public unsafe void Prefetch(int slot)
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        byte* row = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(Row(slot)));
        int bytes = Math.Min(Dimensions * sizeof(float), PrefetchBytes);
        for (int offset = 0; offset < bytes; offset += 64)
        {
            Sse.Prefetch0(row + offset);
        }
    }

    /// <summary>Writes the vector of <paramref name="slot"/>.</summary>
    public void Set(int slot, ReadOnlySpan<float> vector)
    {
        EnsureCapacity(slot);
        Span<float> row = new(_chunks[slot >> _shift], (slot & _mask) * Dimensions, Dimensions);
        vector.CopyTo(row);
        _norms[slot] = TensorPrimitives.Norm(vector);
        Codes?.Set(slot, vector, this);
    }

    /// <summary>Marks <paramref name="slot"/> as holding no vector.</summary>
    public void Clear(int slot)
    {
        if ((uint)slot < (uint)_norms.Length)
        {
            _norms[slot] = -1f;
        }
    }

    /// <summary>Gets the approximate number of bytes the column holds, codes and graph included.</summary>
    public long AllocatedBytes
    {
        get
        {
            long bytes = ((long)_norms.Length * sizeof(float)) + (Codes?.AllocatedBytes ?? 0) + (Graph?.AllocatedBytes ?? 0);
            foreach (float[] chunk in _chunks)
            {
                bytes += chunk is null ? 0 : (long)chunk.Length * sizeof(float);
            }

            return bytes;
        }
    }

    private void EnsureCapacity(int slot)
    {
        if (slot >= _norms.Length)
        {
            int length = Math.Max(MinimumFirstChunkRows, _norms.Length * 2);
            while (length <= slot)
            {
                length *= 2;
            }

            int old = _norms.Length;
            Array.Resize(ref _norms, length);
            _norms.AsSpan(old).Fill(-1f);
        }

        int chunk = slot >> _shift;
        if (chunk >= _chunks.Length)
        {
            Array.Resize(ref _chunks, Math.Max(chunk + 1, _chunks.Length * 2));
        }

        int rowsNeeded = (slot & _mask) + 1;
        float[]? current = _chunks[chunk];
        if (chunk > 0)
        {
            _chunks[chunk] = current ?? new float[RowsPerChunk * Dimensions];
            return;
        }

        int currentRows = current is null ? 0 : current.Length / Dimensions;
        if (currentRows >= rowsNeeded)
        {
            return;
        }

        int rows = Math.Max(MinimumFirstChunkRows, currentRows * 2);
        while (rows < rowsNeeded)
        {
            rows *= 2;
        }

        rows = Math.Min(rows, RowsPerChunk);
        float[] grown = new float[rows * Dimensions];
        current?.CopyTo(grown, 0);
        _chunks[0] = grown;
    }
}
