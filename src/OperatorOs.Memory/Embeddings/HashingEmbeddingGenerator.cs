using System.Globalization;
using System.Numerics.Tensors;
using System.Text;
using Microsoft.Extensions.AI;
using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>An embedding generator that needs no model: feature-hashed words, word pairs and character n-grams, sublinear term weights, L2-normalized.</summary>
/// <remarks>
/// <para>The embeddings are lexical, not semantic: texts that share words and word pieces score close, paraphrases with
/// different words do not. It is the offline default so retrieval, routing and deduplication work with no model; any
/// real embedding model replaces it by registering another <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>.</para>
/// <para>Deterministic across processes and machines (FNV-1a hashing of case-folded text). Thread-safe.</para>
/// </remarks>
public sealed class HashingEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The model id the generator reports.</summary>
    public const string ModelId = "operatoros-hashing-ngrams-v1";

    private readonly int _dimensions;
    private readonly int _minCharNGram;
    private readonly int _maxCharNGram;
    private readonly bool _wordBigrams;
    private readonly float _charNGramWeight;
    private readonly EmbeddingGeneratorMetadata _metadata;

    /// <summary>Initializes a new instance of the <see cref="HashingEmbeddingGenerator"/> class.</summary>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public HashingEmbeddingGenerator(HashingEmbeddingGeneratorOptions? options = null)
    {
        options ??= new HashingEmbeddingGeneratorOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Dimensions, 8, nameof(options.Dimensions));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Dimensions, 65_536, nameof(options.Dimensions));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MinCharNGram, nameof(options.MinCharNGram));
        if (options.MinCharNGram > 0 && options.MaxCharNGram < options.MinCharNGram)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"{nameof(options.MaxCharNGram)} ({options.MaxCharNGram}) is less than {nameof(options.MinCharNGram)} ({options.MinCharNGram}).");
        }

        if (!float.IsFinite(options.CharNGramWeight) || options.CharNGramWeight < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.CharNGramWeight, $"{nameof(options.CharNGramWeight)} must be a finite, non-negative number.");
        }

        _dimensions = options.Dimensions;
        _minCharNGram = options.MinCharNGram;
        _maxCharNGram = options.MaxCharNGram;
        _wordBigrams = options.WordBigrams;
        _charNGramWeight = options.CharNGramWeight;
        _metadata = new EmbeddingGeneratorMetadata(nameof(HashingEmbeddingGenerator), providerUri: null, defaultModelId: ModelId, defaultModelDimensions: _dimensions);
    }

    /// <inheritdoc/>
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(values);
        int dimensions = options?.Dimensions ?? _dimensions;
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 8, "options.Dimensions");

        var embeddings = new GeneratedEmbeddings<Embedding<float>>();
        foreach (string value in values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            embeddings.Add(new Embedding<float>(Embed(value ?? string.Empty, dimensions)) { ModelId = ModelId });
        }

        return Task.FromResult(embeddings);
    }

    /// <summary>Computes one embedding synchronously.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The L2-normalized vector; all zeros when the text has no letters or digits.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    public float[] Embed(string text) => Embed(Throw.IfNull(text), _dimensions);

    /// <inheritdoc/>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        _ = Throw.IfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        return serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata : serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    private float[] Embed(string text, int dimensions)
    {
        List<string> words = Words(text);
        var counts = new Dictionary<(ulong Hash, bool IsWord), int>();
        for (int i = 0; i < words.Count; i++)
        {
            Count(counts, (Fnv1a("w:", words[i]), true));
            if (_wordBigrams && i + 1 < words.Count)
            {
                Count(counts, (Fnv1a("b:", words[i] + " " + words[i + 1]), true));
            }

            if (_minCharNGram > 0)
            {
                // Pad with boundary marks so prefixes and suffixes are features of their own ("<ref", "und>").
                string padded = "<" + words[i] + ">";
                for (int n = _minCharNGram; n <= _maxCharNGram && n <= padded.Length; n++)
                {
                    for (int start = 0; start + n <= padded.Length; start++)
                    {
                        Count(counts, (Fnv1a("c:", padded.AsSpan(start, n)), false));
                    }
                }
            }
        }

        float[] vector = new float[dimensions];
        foreach (((ulong hash, bool isWord), int count) in counts)
        {
            // Sublinear term frequency; the hash's top bit picks the sign so collisions cancel rather than pile up.
            float weight = (1f + MathF.Log(count)) * (isWord ? 1f : _charNGramWeight);
            int index = (int)(hash % (ulong)dimensions);
            vector[index] += (hash >> 63) == 0 ? weight : -weight;
        }

        float norm = TensorPrimitives.Norm(vector);
        if (norm > 0)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }

        return vector;
    }

    private static void Count(Dictionary<(ulong, bool), int> counts, (ulong, bool) feature) =>
        counts[feature] = counts.GetValueOrDefault(feature) + 1;

    private static List<string> Words(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (char c in text.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsLetterOrDigit(c))
            {
                current.Append(char.ToLower(c, CultureInfo.InvariantCulture));
            }
            else if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            words.Add(current.ToString());
        }

        return words;
    }

    private static ulong Fnv1a(string prefix, ReadOnlySpan<char> text)
    {
        ulong hash = 14695981039346656037UL;
        foreach (char c in prefix)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        foreach (char c in text)
        {
            hash = (hash ^ (byte)c) * 1099511628211UL;
            hash = (hash ^ (byte)(c >> 8)) * 1099511628211UL;
        }

        // Final avalanche (from SplitMix64) so the low bits used for the index are well mixed.
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        return hash;
    }
}
