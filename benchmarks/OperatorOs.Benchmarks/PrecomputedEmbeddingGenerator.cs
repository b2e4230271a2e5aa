using Microsoft.Extensions.AI;
using OperatorOs;

namespace OperatorOs.Benchmarks;

/// <summary>Returns embeddings computed ahead of time, so a benchmark measures what happens after embedding.</summary>
internal sealed class PrecomputedEmbeddingGenerator(IReadOnlyDictionary<string, float[]> vectors) : IEmbeddingGenerator<string, Embedding<float>>
{
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(values.Select(value => new Embedding<float>(vectors[value]))));

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    public static PrecomputedEmbeddingGenerator For(IEnumerable<string> texts)
    {
        var hashing = new HashingEmbeddingGenerator();
        return new PrecomputedEmbeddingGenerator(texts.Distinct().ToDictionary(text => text, hashing.Embed));
    }
}
