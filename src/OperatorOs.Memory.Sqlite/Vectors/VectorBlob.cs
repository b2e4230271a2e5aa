using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace OperatorOs;

/// <summary>Stores a vector as a BLOB of little-endian IEEE 754 single-precision floats, four bytes per dimension.</summary>
internal static class VectorBlob
{
    public static byte[] ToBytes(ReadOnlySpan<float> vector)
    {
        var bytes = new byte[vector.Length * sizeof(float)];
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(vector).CopyTo(bytes);
        }
        else
        {
            for (int i = 0; i < vector.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), vector[i]);
            }
        }

        return bytes;
    }

    /// <summary>Reads a vector; <see langword="null"/> when the BLOB's length is not a whole number of floats.</summary>
    public static float[]? FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length % sizeof(float) != 0)
        {
            return null;
        }

        var vector = new float[bytes.Length / sizeof(float)];
        if (BitConverter.IsLittleEndian)
        {
            bytes.CopyTo(MemoryMarshal.AsBytes(vector.AsSpan()));
        }
        else
        {
            for (int i = 0; i < vector.Length; i++)
            {
                vector[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * sizeof(float))..]);
            }
        }

        return vector;
    }
}
