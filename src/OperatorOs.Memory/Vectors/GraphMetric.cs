namespace OperatorOs;

/// <summary>The similarity an HNSW graph or an int8 scan ranks by, derived from the property's <see cref="VectorDistance"/>.</summary>
internal enum GraphMetric
{
    /// <summary>Cosine similarity (cosine similarity and cosine distance properties).</summary>
    Cosine,

    /// <summary>Dot product (dot product and negative dot product properties).</summary>
    Dot,

    /// <summary>Negated Euclidean distance (Euclidean and squared Euclidean properties).</summary>
    Euclidean,
}
