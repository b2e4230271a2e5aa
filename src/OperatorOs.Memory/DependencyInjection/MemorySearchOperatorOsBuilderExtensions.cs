using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.VectorData;
using OperatorOs;
using OperatorOs.Shared;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers memory search and context assembly.</summary>
public static class MemorySearchOperatorOsBuilderExtensions
{
    /// <summary>Registers <see cref="MemoryIndex"/> and <see cref="ContextAssembler"/>, with an <see cref="InMemoryVectorStore"/> unless a <see cref="VectorStore"/> is registered.</summary>
    /// <param name="builder">The OperatorOs builder.</param>
    /// <param name="configure">Adjusts the index options, or <see langword="null"/>.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <remarks>The index embeds with the registered <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>: the offline hashing generator unless a real model is registered.</remarks>
    public static IOperatorOsBuilder AddMemorySearch(this IOperatorOsBuilder builder, Action<MemoryIndexOptions>? configure = null)
    {
        _ = Throw.IfNull(builder);
        var options = new MemoryIndexOptions();
        configure?.Invoke(options);
        IServiceCollection services = builder.Services;
        services.TryAddSingleton<VectorStore>(_ => new InMemoryVectorStore());
        services.TryAddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(_ => new HashingEmbeddingGenerator());
        services.TryAddSingleton(sp => new MemoryIndex(
            sp.GetRequiredService<VectorStore>(),
            sp.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>(),
            sp.GetRequiredService<MemoryStore>(),
            options));
        services.TryAddSingleton(sp => new ContextAssembler(sp.GetRequiredService<MemoryStore>(), sp.GetRequiredService<MemoryIndex>()));
        return builder;
    }
}
