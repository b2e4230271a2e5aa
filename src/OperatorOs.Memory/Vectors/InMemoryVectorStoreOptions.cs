using Microsoft.Extensions.AI;

namespace OperatorOs;

/// <summary>Options for an <see cref="InMemoryVectorStore"/>.</summary>
public sealed class InMemoryVectorStoreOptions
{
    /// <summary>Gets or sets the default embedding generator for the collections the store hands out.</summary>
    /// <value>The default value is <see langword="null"/>: only pre-computed vectors can be stored and searched, unless a collection or property configures a generator.</value>
    public IEmbeddingGenerator? EmbeddingGenerator { get; set; }
}
