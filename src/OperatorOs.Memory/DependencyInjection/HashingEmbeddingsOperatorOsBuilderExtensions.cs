using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OperatorOs;
using OperatorOs.Shared;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the offline hashing embedding generator.</summary>
public static class HashingEmbeddingsOperatorOsBuilderExtensions
{
    /// <summary>Registers <see cref="HashingEmbeddingGenerator"/> as the <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> unless one is registered already.</summary>
    /// <param name="builder">The OperatorOs builder.</param>
    /// <param name="configure">Adjusts the options, or <see langword="null"/>.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <remarks>A real embedding model registered with <c>AddEmbeddingGenerator</c> before or after this call takes precedence when resolved.</remarks>
    public static IOperatorOsBuilder AddHashingEmbeddings(this IOperatorOsBuilder builder, Action<HashingEmbeddingGeneratorOptions>? configure = null)
    {
        _ = Throw.IfNull(builder);
        var options = new HashingEmbeddingGeneratorOptions();
        configure?.Invoke(options);
        var generator = new HashingEmbeddingGenerator(options);
        builder.Services.TryAddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(generator);
        return builder;
    }
}
