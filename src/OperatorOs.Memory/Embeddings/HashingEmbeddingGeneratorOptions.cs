namespace OperatorOs;

/// <summary>Configures the offline <see cref="HashingEmbeddingGenerator"/>.</summary>
public class HashingEmbeddingGeneratorOptions
{
    /// <summary>Gets or sets the number of dimensions of each embedding.</summary>
    /// <value>The default value is 384.</value>
    public int Dimensions { get; set; } = 384;

    /// <summary>Gets or sets the shortest character n-gram hashed from each word (0 turns character n-grams off).</summary>
    /// <value>The default value is 3.</value>
    public int MinCharNGram { get; set; } = 3;

    /// <summary>Gets or sets the longest character n-gram hashed from each word.</summary>
    /// <value>The default value is 5.</value>
    public int MaxCharNGram { get; set; } = 5;

    /// <summary>Gets or sets a value indicating whether adjacent word pairs are hashed too, which captures some word order.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool WordBigrams { get; set; } = true;

    /// <summary>Gets or sets the weight of character n-grams relative to whole words (1).</summary>
    /// <value>The default value is 0.5.</value>
    public float CharNGramWeight { get; set; } = 0.5f;
}
