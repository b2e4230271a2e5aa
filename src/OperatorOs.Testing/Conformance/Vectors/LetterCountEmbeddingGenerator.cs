using Microsoft.Extensions.AI;

namespace OperatorOs.Testing;

/// <summary>A deterministic embedding generator for tests: the counts of the letters a, e, i, o, u, s, t, n, each plus one (so never the zero vector).</summary>
/// <remarks>Thread-safe; <see cref="Calls"/> counts the calls to <see cref="GenerateAsync"/>.</remarks>
public sealed class LetterCountEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The number of dimensions of every embedding.</summary>
    public const int Dimensions = 8;

    private const string Letters = "aeioustn";
    private int _calls;

    /// <summary>Gets the number of calls to <see cref="GenerateAsync"/> so far.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Computes the embedding of a text.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The embedding's vector.</returns>
    public static float[] Embed(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var vector = new float[Dimensions];
        for (int i = 0; i < Dimensions; i++)
        {
            vector[i] = 1 + text.Count(c => char.ToLowerInvariant(c) == Letters[i]);
        }

        return vector;
    }

    /// <inheritdoc/>
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _calls);
        return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(values.Select(v => new Embedding<float>(Embed(v)))));
    }

    /// <inheritdoc/>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
    }
}
