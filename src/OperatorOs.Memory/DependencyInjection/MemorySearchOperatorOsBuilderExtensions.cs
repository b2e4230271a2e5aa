using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.VectorData;
using OperatorOs;
using OperatorOs.Shared;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers memory search and context assembly.</summary>
public static class MemorySearchOperatorOsBuilderExtensions
{
    /// <summary>Registers <see cref="MemoryIndex"/> and <see cref="ContextAssembler"/>.</summary>
    /// <param name="builder">The OperatorOs builder.</param>
    /// <param name="configure">Adjusts the index options, or <see langword="null"/>.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <remarks>
    /// <para>The index embeds with the registered <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>: the offline hashing generator unless a real model is registered.</para>
    /// <para>
    /// The index is derived data, rebuilt from the canonical memory records when the process first searches, so it lives in its own
    /// <see cref="InMemoryVectorStore"/>, not in the application's <see cref="VectorStore"/> (which <c>UseSqlite</c> makes durable): a
    /// persisted index would outlive a change of embedding model, and a tool that opens a host's database would write into it. To keep it
    /// in another store, register that store as a keyed <see cref="VectorStore"/> under <see cref="MemoryIndex.VectorStoreServiceKey"/>.
    /// </para>
    /// </remarks>
    public static IOperatorOsBuilder AddMemorySearch(this IOperatorOsBuilder builder, Action<MemoryIndexOptions>? configure = null)
    {
        _ = Throw.IfNull(builder);
        var options = new MemoryIndexOptions();
        configure?.Invoke(options);
        IServiceCollection services = builder.Services;
        services.TryAddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(_ => new HashingEmbeddingGenerator());
        services.TryAddSingleton(sp => new MemoryIndex(
            sp.GetKeyedService<VectorStore>(MemoryIndex.VectorStoreServiceKey) ?? new InMemoryVectorStore(),
            sp.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>(),
            sp.GetRequiredService<MemoryStore>(),
            options));
        services.TryAddSingleton(sp => new ContextAssembler(sp.GetRequiredService<MemoryStore>(), sp.GetRequiredService<MemoryIndex>()));
        return builder;
    }
}
