using System.Reflection;
using System.Text.Json;

namespace OperatorOs.Abstractions.Tests.Proposals;

public class ActionProposalTests
{
    private static readonly DateTimeOffset Now = new(2026, 9, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Constructor_ValidArguments_SetsPropertiesAndDefaults()
    {
        // Act
        var proposal = new ActionProposal("p-1", "mail.send", TestJson.Parse("""{"to":"a@example.com"}"""), "triage", Now);

        // Assert
        Assert.Equal("p-1", proposal.Id);
        Assert.Equal("mail.send", proposal.Capability);
        Assert.Equal("a@example.com", proposal.Arguments.GetProperty("to").GetString());
        Assert.Equal("triage", proposal.Proposer);
        Assert.Equal(Now, proposal.CreatedAt);
        Assert.Equal(ActorKind.Agent, proposal.ProposerKind);
        Assert.Equal(1.0, proposal.Confidence);
        Assert.Equal(TrustLevel.Internal, proposal.Taint);
        Assert.Empty(proposal.InputReferences);
        Assert.Null(proposal.Rationale);
        Assert.Null(proposal.ModelId);
        Assert.Null(proposal.IntentId);
        Assert.Null(proposal.CorrelationId);
    }

    [Fact]
    public void Constructor_ArgumentsDocumentDisposedAfterwards_KeepsItsOwnCopy()
    {
        var document = JsonDocument.Parse("""{"n":7}""");

        var proposal = new ActionProposal("p-1", "notes.write", document.RootElement, "triage", Now);
        document.Dispose();

        Assert.Equal(7, proposal.Arguments.GetProperty("n").GetInt32());
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[{}]")]
    [InlineData("1")]
    [InlineData("\"text\"")]
    [InlineData("true")]
    [InlineData("null")]
    public void Constructor_NonObjectArguments_ThrowsNamingArguments(string json)
    {
        var error = Assert.Throws<InvalidProposalException>(() => new ActionProposal("p-1", "notes.write", TestJson.Parse(json), "triage", Now));

        Assert.Equal(nameof(ActionProposal.Arguments), error.Field);
    }

    [Fact]
    public void Constructor_UndefinedArguments_ThrowsNamingArguments()
    {
        var error = Assert.Throws<InvalidProposalException>(() => new ActionProposal("p-1", "notes.write", default, "triage", Now));

        Assert.Equal(nameof(ActionProposal.Arguments), error.Field);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Notes.write")]
    [InlineData("notes write")]
    [InlineData("notes.")]
    [InlineData("9notes")]
    [InlineData("notes/write")]
    public void Constructor_MalformedCapability_ThrowsNamingCapability(string capability)
    {
        var error = Assert.Throws<InvalidProposalException>(() => new ActionProposal("p-1", capability, TestJson.Parse("{}"), "triage", Now));

        Assert.Equal(nameof(ActionProposal.Capability), error.Field);
        Assert.Contains(capability, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Constructor_EmptyProposer_ThrowsNamingProposer(string proposer)
    {
        var error = Assert.Throws<InvalidProposalException>(() => new ActionProposal("p-1", "notes.write", TestJson.Parse("{}"), proposer, Now));

        Assert.Equal(nameof(ActionProposal.Proposer), error.Field);
    }

    [Fact]
    public void Constructor_EmptyId_ThrowsNamingId()
    {
        var error = Assert.Throws<InvalidProposalException>(() => new ActionProposal(string.Empty, "notes.write", TestJson.Parse("{}"), "triage", Now));

        Assert.Equal(nameof(ActionProposal.Id), error.Field);
    }

    [Fact]
    public void Constructor_NullStrings_ThrowArgumentNull()
    {
        JsonElement arguments = TestJson.Parse("{}");

        Assert.Throws<ArgumentNullException>(() => new ActionProposal(null!, "notes.write", arguments, "triage", Now));
        Assert.Throws<ArgumentNullException>(() => new ActionProposal("p-1", null!, arguments, "triage", Now));
        Assert.Throws<ArgumentNullException>(() => new ActionProposal("p-1", "notes.write", arguments, null!, Now));
    }

    [Theory]
    [InlineData(-0.0001)]
    [InlineData(1.0001)]
    [InlineData(-1)]
    [InlineData(2)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Confidence_OutsideZeroToOne_Throws(double confidence)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new ActionProposal("p-1", "notes.write", TestJson.Parse("{}"), "triage", Now) { Confidence = confidence });
    }

    [Theory]
    [InlineData(0)]
    [InlineData(0.5)]
    [InlineData(1)]
    public void Confidence_WithinZeroToOne_IsKept(double confidence)
    {
        var proposal = new ActionProposal("p-1", "notes.write", TestJson.Parse("{}"), "triage", Now) { Confidence = confidence };

        Assert.Equal(confidence, proposal.Confidence);
    }

    [Fact]
    public void OperationToken_DerivesFromTheId()
    {
        var proposal = new ActionProposal("p-1", "notes.write", TestJson.Parse("{}"), "triage", Now);

        Assert.Equal(OperationToken.ForProposal("p-1"), proposal.OperationToken);
        Assert.Equal("proposal:p-1", proposal.OperationToken.Value);
    }

    [Fact]
    public void WithArguments_Object_ReplacesArgumentsAndKeepsIdTokenAndMetadata()
    {
        // Arrange
        ActionProposal original = FullyPopulated();

        // Act
        ActionProposal corrected = original.WithArguments(TestJson.Parse("""{"to":"right@example.com"}"""));

        // Assert
        Assert.NotSame(original, corrected);
        Assert.Equal("right@example.com", corrected.Arguments.GetProperty("to").GetString());
        Assert.Equal("wrong@example.com", original.Arguments.GetProperty("to").GetString());
        Assert.Equal(original.Id, corrected.Id);
        Assert.Equal(original.OperationToken, corrected.OperationToken);
        Assert.Equal(original.Capability, corrected.Capability);
        Assert.Equal(original.Proposer, corrected.Proposer);
        Assert.Equal(original.CreatedAt, corrected.CreatedAt);
        Assert.Equal(ActorKind.Flow, corrected.ProposerKind);
        Assert.Equal("because", corrected.Rationale);
        Assert.Equal(["intent:1", "memory:student/42"], corrected.InputReferences);
        Assert.Equal(0.25, corrected.Confidence);
        Assert.Equal("gpt-test", corrected.ModelId);
        Assert.Equal(TrustLevel.Untrusted, corrected.Taint);
        Assert.Equal("i-1", corrected.IntentId);
        Assert.Equal("c-1", corrected.CorrelationId);
    }

    [Fact]
    public void WithArguments_EveryPublicPropertyButArguments_IsCopied()
    {
        // Guards against a property added later and forgotten in WithArguments.
        ActionProposal original = FullyPopulated();

        ActionProposal corrected = original.WithArguments(TestJson.Parse("{}"));

        foreach (PropertyInfo property in typeof(ActionProposal).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.Name == nameof(ActionProposal.Arguments))
            {
                continue;
            }

            Assert.True(Equals(property.GetValue(original), property.GetValue(corrected)), $"{property.Name} was not copied.");
        }
    }

    [Fact]
    public void WithArguments_DocumentDisposedAfterwards_KeepsItsOwnCopy()
    {
        ActionProposal original = FullyPopulated();
        var document = JsonDocument.Parse("""{"n":1}""");

        ActionProposal corrected = original.WithArguments(document.RootElement);
        document.Dispose();

        Assert.Equal(1, corrected.Arguments.GetProperty("n").GetInt32());
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("\"{}\"")]
    public void WithArguments_NonObject_ThrowsNamingArguments(string json)
    {
        ActionProposal original = FullyPopulated();

        var error = Assert.Throws<InvalidProposalException>(() => original.WithArguments(TestJson.Parse(json)));

        Assert.Equal(nameof(ActionProposal.Arguments), error.Field);
    }

    [Fact]
    public void WithArguments_Undefined_ThrowsNamingArguments()
    {
        var error = Assert.Throws<InvalidProposalException>(() => FullyPopulated().WithArguments(default));

        Assert.Equal(nameof(ActionProposal.Arguments), error.Field);
    }

    private static ActionProposal FullyPopulated() =>
        new("p-1", "mail.send", TestJson.Parse("""{"to":"wrong@example.com"}"""), "billing-flow", Now)
        {
            ProposerKind = ActorKind.Flow,
            Rationale = "because",
            InputReferences = ["intent:1", "memory:student/42"],
            Confidence = 0.25,
            ModelId = "gpt-test",
            Taint = TrustLevel.Untrusted,
            IntentId = "i-1",
            CorrelationId = "c-1",
        };
}
