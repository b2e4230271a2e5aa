using System.Numerics.Tensors;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.AI;

namespace OperatorOs.Memory.Tests.Embeddings;

public class HashingEmbeddingGeneratorTests
{
    private static readonly HashingEmbeddingGenerator Generator = new();

    [Fact]
    public async Task GenerateAsync_SameText_SameVectorAcrossInstances()
    {
        GeneratedEmbeddings<Embedding<float>> first = await Generator.GenerateAsync(["When is the week 3 assignment due?"], cancellationToken: TestContext.Current.CancellationToken);
        GeneratedEmbeddings<Embedding<float>> second = await new HashingEmbeddingGenerator().GenerateAsync(["When is the week 3 assignment due?"], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(first[0].Vector.ToArray(), second[0].Vector.ToArray());
        Assert.Equal(384, first[0].Vector.Length);
        Assert.Equal(HashingEmbeddingGenerator.ModelId, first[0].ModelId);
    }

    [Fact]
    public void Embed_RelatedQuestionsScoreCloserThanUnrelatedOnes()
    {
        float[] question = Generator.Embed("When is the deadline for the week 3 assignment?");
        float[] paraphrase = Generator.Embed("what's the deadline of assignment for week 3");
        float[] unrelated = Generator.Embed("I would like a refund for my course payment.");

        Assert.True(TensorPrimitives.CosineSimilarity(question, paraphrase) > TensorPrimitives.CosineSimilarity(question, unrelated) + 0.2f);
    }

    [Fact]
    public void Embed_CaseAndPunctuation_DoNotMatter()
    {
        Assert.Equal(Generator.Embed("Refund, please!"), Generator.Embed("refund please"));
    }

    [Fact]
    public void Embed_SharedWordPieces_GiveSimilarity()
    {
        float[] refunds = Generator.Embed("refunds");
        float[] refunded = Generator.Embed("refunded");
        float[] syllabus = Generator.Embed("syllabus");

        Assert.True(TensorPrimitives.CosineSimilarity(refunds, refunded) > 0.3f);
        Assert.True(TensorPrimitives.CosineSimilarity(refunds, syllabus) < 0.2f);
    }

    [Property(MaxTest = 200)]
    public bool Embed_AnyText_IsUnitLengthOrZero(string? text)
    {
        float[] vector = Generator.Embed(text ?? string.Empty);
        float norm = TensorPrimitives.Norm(vector);
        return vector.All(float.IsFinite) && (norm == 0 || Math.Abs(norm - 1) < 1e-4);
    }

    [Fact]
    public void Embed_NoLettersOrDigits_IsTheZeroVector()
    {
        Assert.All(Generator.Embed(" ... !? "), value => Assert.Equal(0f, value));
    }

    [Fact]
    public async Task GenerateAsync_Batch_KeepsOrderAndHonoursDimensions()
    {
        GeneratedEmbeddings<Embedding<float>> embeddings = await Generator.GenerateAsync(
            ["alpha", "beta", "alpha"], new EmbeddingGenerationOptions { Dimensions = 64 }, TestContext.Current.CancellationToken);

        Assert.Equal(3, embeddings.Count);
        Assert.All(embeddings, e => Assert.Equal(64, e.Vector.Length));
        Assert.Equal(embeddings[0].Vector.ToArray(), embeddings[2].Vector.ToArray());
        Assert.NotEqual(embeddings[0].Vector.ToArray(), embeddings[1].Vector.ToArray());
    }

    [Fact]
    public async Task GenerateAsync_Cancelled_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Generator.GenerateAsync(["x"], cancellationToken: cancelled.Token));
    }

    [Fact]
    public void Constructor_InvalidOptions_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HashingEmbeddingGenerator(new HashingEmbeddingGeneratorOptions { Dimensions = 4 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HashingEmbeddingGenerator(new HashingEmbeddingGeneratorOptions { MinCharNGram = 4, MaxCharNGram = 3 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HashingEmbeddingGenerator(new HashingEmbeddingGeneratorOptions { CharNGramWeight = float.NaN }));
    }

    [Fact]
    public void GetService_ReturnsMetadata()
    {
        var metadata = (EmbeddingGeneratorMetadata?)Generator.GetService(typeof(EmbeddingGeneratorMetadata));

        Assert.Equal(HashingEmbeddingGenerator.ModelId, metadata?.DefaultModelId);
        Assert.Equal(384, metadata?.DefaultModelDimensions);
        Assert.Same(Generator, Generator.GetService(typeof(IEmbeddingGenerator<string, Embedding<float>>)));
    }
}
