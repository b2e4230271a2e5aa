using Microsoft.Extensions.AI;

namespace OperatorOs.Memory.Tests.Vectors;

/// <summary>A deterministic embedding: letter counts of a, e, i, o, u, s, t, n, each plus one (so never the zero vector).</summary>
public sealed class FakeEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public const int Dimensions = 8;
    private const string Letters = "aeioustn";

    public int Calls { get; private set; }

    public static float[] Embed(string text)
    {
        var vector = new float[Dimensions];
        for (int i = 0; i < Dimensions; i++)
        {
            vector[i] = 1 + text.Count(c => char.ToLowerInvariant(c) == Letters[i]);
        }

        return vector;
    }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Calls++;
        return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(values.Select(v => new Embedding<float>(Embed(v)))));
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
