using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace OperatorOs;

/// <summary>Dot products of int8 codes with an int16 query, vectorised with <see cref="Vector256"/> / <see cref="Vector128"/>.</summary>
/// <remarks>
/// The codes are sign-extended to int16 and multiplied pairwise into int32 lanes (AVX2 <c>vpmaddwd</c> when available, widening
/// multiplies otherwise). Callers scale the query to ±<see cref="QueryLimit(int)"/>, so the int32 sum cannot overflow.
/// </remarks>
internal static class Int8Dot
{
    /// <summary>Gets the largest query magnitude for <paramref name="dimensions"/> dimensions: at most 16383, and small enough that dimensions × 128 × limit fits an <see cref="int"/>.</summary>
    public static int QueryLimit(int dimensions) => Math.Max(1, Math.Min(16383, int.MaxValue / (128 * Math.Max(1, dimensions))));

    /// <summary>Computes Σ codes[i] × query[i].</summary>
    public static int Dot(ReadOnlySpan<sbyte> codes, ReadOnlySpan<short> query)
    {
        int length = codes.Length;
        ref sbyte c = ref MemoryMarshal.GetReference(codes);
        ref short q = ref MemoryMarshal.GetReference(query);
        int i = 0;
        int sum = 0;
        if (Vector256.IsHardwareAccelerated && length >= Vector256<sbyte>.Count)
        {
            Vector256<int> acc0 = Vector256<int>.Zero;
            Vector256<int> acc1 = Vector256<int>.Zero;
            for (; i <= length - Vector256<sbyte>.Count; i += Vector256<sbyte>.Count)
            {
                (Vector256<short> lo, Vector256<short> hi) = Vector256.Widen(Vector256.LoadUnsafe(ref c, (nuint)i));
                Vector256<short> q0 = Vector256.LoadUnsafe(ref q, (nuint)i);
                Vector256<short> q1 = Vector256.LoadUnsafe(ref q, (nuint)(i + Vector256<short>.Count));
                if (Avx2.IsSupported)
                {
                    acc0 += Avx2.MultiplyAddAdjacent(lo, q0);
                    acc1 += Avx2.MultiplyAddAdjacent(hi, q1);
                }
                else
                {
                    acc0 += MultiplyWide(lo, q0);
                    acc1 += MultiplyWide(hi, q1);
                }
            }

            sum = Vector256.Sum(acc0 + acc1);
        }
        else if (Vector128.IsHardwareAccelerated && length >= Vector128<sbyte>.Count)
        {
            Vector128<int> acc = Vector128<int>.Zero;
            for (; i <= length - Vector128<sbyte>.Count; i += Vector128<sbyte>.Count)
            {
                (Vector128<short> lo, Vector128<short> hi) = Vector128.Widen(Vector128.LoadUnsafe(ref c, (nuint)i));
                Vector128<short> q0 = Vector128.LoadUnsafe(ref q, (nuint)i);
                Vector128<short> q1 = Vector128.LoadUnsafe(ref q, (nuint)(i + Vector128<short>.Count));
                (Vector128<int> l0, Vector128<int> l1) = Vector128.Widen(lo);
                (Vector128<int> m0, Vector128<int> m1) = Vector128.Widen(q0);
                (Vector128<int> h0, Vector128<int> h1) = Vector128.Widen(hi);
                (Vector128<int> n0, Vector128<int> n1) = Vector128.Widen(q1);
                acc += (l0 * m0) + (l1 * m1) + (h0 * n0) + (h1 * n1);
            }

            sum = Vector128.Sum(acc);
        }

        for (; i < length; i++)
        {
            sum += Unsafe.Add(ref c, i) * Unsafe.Add(ref q, i);
        }

        return sum;
    }

    private static Vector256<int> MultiplyWide(Vector256<short> x, Vector256<short> y)
    {
        (Vector256<int> x0, Vector256<int> x1) = Vector256.Widen(x);
        (Vector256<int> y0, Vector256<int> y1) = Vector256.Widen(y);
        return (x0 * y0) + (x1 * y1);
    }
}
