using Microsoft.Extensions.VectorData;

namespace OperatorOs.Testing;

/// <summary>A record of the vector-store conformance suite with a data property of every type a durable store must keep.</summary>
public sealed class AllTypesVectorRecord
{
    /// <summary>Gets or sets the key.</summary>
    [VectorStoreKey]
    public long Id { get; set; }

    /// <summary>Gets or sets a string.</summary>
    [VectorStoreData]
    public string? Text { get; set; }

    /// <summary>Gets or sets a Boolean.</summary>
    [VectorStoreData]
    public bool Flag { get; set; }

    /// <summary>Gets or sets a byte.</summary>
    [VectorStoreData]
    public byte Byte { get; set; }

    /// <summary>Gets or sets a 16-bit integer.</summary>
    [VectorStoreData]
    public short Short { get; set; }

    /// <summary>Gets or sets a 32-bit integer.</summary>
    [VectorStoreData]
    public int Int { get; set; }

    /// <summary>Gets or sets a 64-bit integer.</summary>
    [VectorStoreData]
    public long Long { get; set; }

    /// <summary>Gets or sets an unsigned 64-bit integer.</summary>
    [VectorStoreData]
    public ulong ULong { get; set; }

    /// <summary>Gets or sets a single-precision number.</summary>
    [VectorStoreData]
    public float Float { get; set; }

    /// <summary>Gets or sets a double-precision number.</summary>
    [VectorStoreData]
    public double Double { get; set; }

    /// <summary>Gets or sets a decimal.</summary>
    [VectorStoreData]
    public decimal Decimal { get; set; }

    /// <summary>Gets or sets a GUID.</summary>
    [VectorStoreData]
    public Guid Guid { get; set; }

    /// <summary>Gets or sets a date and time.</summary>
    [VectorStoreData]
    public DateTime DateTime { get; set; }

    /// <summary>Gets or sets a date and time with an offset.</summary>
    [VectorStoreData]
    public DateTimeOffset DateTimeOffset { get; set; }

    /// <summary>Gets or sets a date.</summary>
    [VectorStoreData]
    public DateOnly Date { get; set; }

    /// <summary>Gets or sets a time of day.</summary>
    [VectorStoreData]
    public TimeOnly Time { get; set; }

    /// <summary>Gets or sets a duration.</summary>
    [VectorStoreData]
    public TimeSpan Duration { get; set; }

    /// <summary>Gets or sets an optional integer.</summary>
    [VectorStoreData]
    public int? OptionalInt { get; set; }

    /// <summary>Gets or sets an optional date and time with an offset.</summary>
    [VectorStoreData]
    public DateTimeOffset? OptionalDateTimeOffset { get; set; }

    /// <summary>Gets or sets an array of strings.</summary>
    [VectorStoreData]
    public string[]? Tags { get; set; }

    /// <summary>Gets or sets a list of integers.</summary>
    [VectorStoreData]
    public List<int>? Numbers { get; set; }

    /// <summary>Gets or sets a read-only list of GUIDs.</summary>
    [VectorStoreData]
    public IReadOnlyList<Guid>? Guids { get; set; }

    /// <summary>Gets or sets an array of optional doubles.</summary>
    [VectorStoreData]
    public double?[]? Measurements { get; set; }

    /// <summary>Gets or sets the vector.</summary>
    [VectorStoreVector(2)]
    public ReadOnlyMemory<float> Vector { get; set; }
}
