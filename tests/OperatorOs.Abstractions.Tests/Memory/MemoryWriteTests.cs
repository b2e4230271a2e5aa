using System.Text.Json;

namespace OperatorOs.Abstractions.Tests.Memory;

public class MemoryWriteTests
{
    [Fact]
    public void Constructor_ValidArguments_SetsPropertiesAndCopiesValue()
    {
        var provenance = new Provenance(ActorKind.Agent, "triage") { ModelId = "m", InputReferences = ["intent:1"], ApprovalId = "a-1" };
        var document = JsonDocument.Parse("""{"status":"enrolled"}""");

        var write = new MemoryWrite("student/42", "enrollment", MemoryKind.Fact, document.RootElement, provenance) { ExpectedVersion = 3 };
        document.Dispose();

        Assert.Equal("student/42", write.Entity);
        Assert.Equal("enrollment", write.Attribute);
        Assert.Equal(MemoryKind.Fact, write.Kind);
        Assert.Equal("enrolled", write.Value.GetProperty("status").GetString());
        Assert.Same(provenance, write.Provenance);
        Assert.Equal(3, write.ExpectedVersion);
        Assert.Null(write.ValidFrom);
    }

    [Theory]
    [InlineData("", "a")]
    [InlineData(" ", "a")]
    [InlineData("e", "")]
    [InlineData("e", " ")]
    public void Constructor_EmptyEntityOrAttribute_Throws(string entity, string attribute)
    {
        Assert.Throws<ArgumentException>(() => new MemoryWrite(entity, attribute, MemoryKind.Fact, default, new Provenance(ActorKind.System, "kernel")));
    }

    [Fact]
    public void Constructor_NullProvenance_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => new MemoryWrite("e", "a", MemoryKind.Fact, default, null!));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void Provenance_EmptyActor_Throws(string actor)
    {
        Assert.Throws<ArgumentException>(() => new Provenance(ActorKind.Operator, actor));
    }

    [Fact]
    public void MemoryConflictException_Properties_DescribeTheConflict()
    {
        var error = new MemoryConflictException("student/42", "enrollment", 2, 3);

        Assert.Equal("student/42", error.Entity);
        Assert.Equal("enrollment", error.Attribute);
        Assert.Equal(2, error.ExpectedVersion);
        Assert.Equal(3, error.CurrentVersion);
        Assert.Contains("expected version 2, current is 3", error.Message, StringComparison.Ordinal);
    }
}
