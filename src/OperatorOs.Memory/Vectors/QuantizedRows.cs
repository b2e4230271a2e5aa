using System.Numerics.Tensors;

namespace OperatorOs;

/// <summary>
/// Int8 scalar-quantized copies of a <see cref="VectorColumn"/>'s rows, laid out in chunks like the column, with a per-dimension range.
/// </summary>
/// <remarks>
/// <para>
/// Dimension <c>d</c> maps <c>[Min[d], Min[d] + 255 × Scale[d]]</c> onto the codes -128..127; the range is the values seen so far plus
/// <see cref="InMemoryVectorConstants.QuantizationRangeMargin"/> of their width on each side. An upserted vector outside the range is
/// encoded saturated (its short-list score is approximate, the re-rank stays exact); when saturated rows pile up past a fraction of the
/// collection, the range is refitted and every stored row re-encoded (counted in <see cref="Reencodes"/>). The margin and the
/// proportional trigger keep re-encodes rare, so their total cost stays proportional to the number of rows.
/// </para>
/// <para>
/// A query is turned into int16 weights <c>w[d] ≈ q[d] × Scale[d] / s</c> (<see cref="PrepareQuery"/>), so that
/// <c>q · x ≈ Offset + s × Σ w[d] × code[d]</c>: an integer dot product per row, plus constants. Not thread-safe for writes (the storage lock guards it).
/// </para>
/// </remarks>
internal sealed class QuantizedRows
{
    private readonly int _dimensions;
    private readonly int _shift;
    private readonly int _mask;
    private readonly int _rowsPerChunk;
    private readonly float[] _min;
    private readonly float[] _max;
    private readonly float[] _seenMin;
    private readonly float[] _seenMax;
    private readonly float[] _scale;
    private readonly float[] _scratch;
    private sbyte[][] _chunks = [];
    private bool _hasRange;
    private int _saturatedRows;
    private int _rows;

    public QuantizedRows(int dimensions, int rowsPerChunk, GraphMetric metric)
    {
        _dimensions = dimensions;
        _rowsPerChunk = rowsPerChunk;
        _shift = System.Numerics.BitOperations.Log2((uint)rowsPerChunk);
        _mask = rowsPerChunk - 1;
        _min = new float[dimensions];
        _max = new float[dimensions];
        _seenMin = new float[dimensions];
        _seenMax = new float[dimensions];
        _scale = new float[dimensions];
        _scratch = new float[dimensions];
        Metric = metric;
    }

    /// <summary>Gets the metric the short list is ranked by.</summary>
    public GraphMetric Metric { get; }

    /// <summary>Gets how many times every row was re-encoded because a dimension's range grew.</summary>
    public int Reencodes { get; private set; }

    /// <summary>Gets the lower end of each dimension's range.</summary>
    public ReadOnlySpan<float> Min => _min;

    /// <summary>Gets the step of each dimension (range width / 255).</summary>
    public ReadOnlySpan<float> Scale => _scale;

    /// <summary>Gets the approximate number of bytes the codes and ranges hold.</summary>
    public long AllocatedBytes
    {
        get
        {
            long bytes = 4L * _dimensions * sizeof(float);
            foreach (sbyte[] chunk in _chunks)
            {
                bytes += chunk is null ? 0 : chunk.Length;
            }

            return bytes;
        }
    }

    /// <summary>Gets the codes of <paramref name="slot"/>.</summary>
    public ReadOnlySpan<sbyte> Row(int slot) => new(_chunks[slot >> _shift], (slot & _mask) * _dimensions, _dimensions);

    /// <summary>
    /// Encodes the row of <paramref name="slot"/>. Values outside the fitted range saturate; once more than 1/256 of the rows (at least 8)
    /// saturated since the last fit, the range is refitted to every value seen and <paramref name="column"/>'s rows are re-encoded.
    /// </summary>
    public void Set(int slot, ReadOnlySpan<float> vector, VectorColumn column)
    {
        EnsureCapacity(slot);
        _rows = Math.Max(_rows, slot + 1);
        if (!_hasRange)
        {
            _hasRange = true;
            vector.CopyTo(_seenMin);
            vector.CopyTo(_seenMax);
            Fit();
        }
        else if (Outside(vector))
        {
            TensorPrimitives.Min(_seenMin, vector, _seenMin);
            TensorPrimitives.Max(_seenMax, vector, _seenMax);
            if (++_saturatedRows > Math.Max(InMemoryVectorConstants.MinimumSaturatedRowsForRefit, _rows / InMemoryVectorConstants.SaturatedRowsRefitDivisor))
            {
                Fit();
                Reencodes++;
                float[] norms = column.Norms;
                for (int other = 0; other < norms.Length; other++)
                {
                    if (other != slot && norms[other] >= 0f)
                    {
                        Encode(other, column.Row(other));
                    }
                }
            }
        }

        Encode(slot, vector);
    }

    /// <summary>Prepares the int16 query weights; returns the scale <c>s</c> and the offset so that <c>q · x ≈ offset + s × Dot(codes, weights)</c>.</summary>
    public (float Scale, float Offset) PrepareQuery(ReadOnlySpan<float> query, Span<short> weights)
    {
        Span<float> scaled = new float[_dimensions];
        TensorPrimitives.Multiply(query, _scale, scaled);

        // x[d] ≈ Min[d] + Scale[d] × (code[d] + 128), so q · x ≈ q · Min + 128 Σ q[d] Scale[d] + Σ q[d] Scale[d] code[d].
        float offset = TensorPrimitives.Dot(query, _min) + (128f * TensorPrimitives.Sum(scaled));
        float largest = MathF.Abs(TensorPrimitives.MaxMagnitude(scaled));
        if (!(largest > 0f))
        {
            weights.Clear();
            return (0f, offset);
        }

        float step = largest / Int8Dot.QueryLimit(_dimensions);
        for (int d = 0; d < _dimensions; d++)
        {
            weights[d] = (short)MathF.Round(scaled[d] / step);
        }

        return (step, offset);
    }

    private bool Outside(ReadOnlySpan<float> vector)
    {
        for (int d = 0; d < _dimensions; d++)
        {
            float value = vector[d];
            if (value < _min[d] || value > _max[d])
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Sets each dimension's range to the values seen so far plus the margin on each side.</summary>
    private void Fit()
    {
        _saturatedRows = 0;
        for (int d = 0; d < _dimensions; d++)
        {
            float width = _seenMax[d] - _seenMin[d];
            float margin = width > 0f
                ? width * InMemoryVectorConstants.QuantizationRangeMargin
                : Math.Max(MathF.Abs(_seenMax[d]) * InMemoryVectorConstants.QuantizationRangeMargin, 1e-6f);
            _min[d] = _seenMin[d] - margin;
            _max[d] = _seenMax[d] + margin;
            _scale[d] = (_max[d] - _min[d]) / 255f;
        }
    }

    private void Encode(int slot, ReadOnlySpan<float> vector)
    {
        Span<sbyte> codes = new(_chunks[slot >> _shift], (slot & _mask) * _dimensions, _dimensions);
        Span<float> scratch = _scratch;
        TensorPrimitives.Subtract(vector, _min, scratch);
        TensorPrimitives.Divide(scratch, _scale, scratch);
        for (int d = 0; d < codes.Length; d++)
        {
            float level = MathF.Round(scratch[d]) - 128f;
            codes[d] = (sbyte)Math.Clamp(level, -128f, 127f);
        }
    }

    private void EnsureCapacity(int slot)
    {
        int chunk = slot >> _shift;
        if (chunk >= _chunks.Length)
        {
            Array.Resize(ref _chunks, Math.Max(chunk + 1, _chunks.Length * 2));
        }

        int rowsNeeded = (slot & _mask) + 1;
        sbyte[]? current = _chunks[chunk];
        if (chunk > 0)
        {
            _chunks[chunk] = current ?? new sbyte[_rowsPerChunk * _dimensions];
            return;
        }

        int currentRows = current is null ? 0 : current.Length / _dimensions;
        if (currentRows >= rowsNeeded)
        {
            return;
        }

        int rows = Math.Max(16, currentRows * 2);
        while (rows < rowsNeeded)
        {
            rows *= 2;
        }

        sbyte[] grown = new sbyte[Math.Min(rows, _rowsPerChunk) * _dimensions];
        current?.CopyTo(grown, 0);
        _chunks[0] = grown;
    }
}
