namespace OperatorOs;

/// <summary>How an in-memory collection compresses its vectors for the exact (flat) scan.</summary>
public enum VectorQuantization
{
    /// <summary>No quantization: the exact scan scores the <see cref="float"/> rows.</summary>
    None,

    /// <summary>
    /// Int8 scalar quantization: each dimension is scaled to a signed byte between the dimension's minimum and maximum, the exact scan
    /// scores the byte codes to pick a short list and re-ranks the short list with the <see cref="float"/> rows. Adds one byte per
    /// dimension to every record.
    /// </summary>
    Int8,
}
