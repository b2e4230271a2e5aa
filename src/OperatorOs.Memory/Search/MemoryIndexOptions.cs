namespace OperatorOs;

/// <summary>Configures the memory index.</summary>
public class MemoryIndexOptions
{
    /// <summary>Gets or sets the vector-store collection that holds the index.</summary>
    /// <value>The default value is <c>operatoros-memory</c>.</value>
    public string CollectionName { get; set; } = "operatoros-memory";

    /// <summary>Gets or sets the embedding dimensions, or <see langword="null"/> to take them from the generator's metadata.</summary>
    public int? Dimensions { get; set; }
}
