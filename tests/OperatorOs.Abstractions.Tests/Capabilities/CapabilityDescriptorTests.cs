using System.Text.Json;

namespace OperatorOs.Abstractions.Tests.Capabilities;

public class CapabilityDescriptorTests
{
    private static readonly JsonElement ObjectSchema = TestJson.Parse("""{"type":"object","properties":{"path":{"type":"string"}}}""");

    [Fact]
    public void Constructor_ValidArguments_SetsProperties()
    {
        var descriptor = new CapabilityDescriptor("files.write", "Writes a file.", RiskTier.Internal, ObjectSchema);

        Assert.Equal("files.write", descriptor.Name);
        Assert.Equal("Writes a file.", descriptor.Description);
        Assert.Equal(RiskTier.Internal, descriptor.RiskTier);
        Assert.Equal("object", descriptor.ArgumentsSchema.GetProperty("type").GetString());
        Assert.Equal("files.write (Internal)", descriptor.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("Files.write")]
    [InlineData("files write")]
    [InlineData("files..write")]
    [InlineData("2files")]
    public void Constructor_MalformedName_ThrowsForName(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => new CapabilityDescriptor(name, "d", RiskTier.Read, ObjectSchema));

        Assert.Equal("name", error.ParamName);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("true")]
    [InlineData("\"object\"")]
    [InlineData("null")]
    public void Constructor_NonObjectSchema_ThrowsForSchema(string json)
    {
        var error = Assert.Throws<ArgumentException>(() => new CapabilityDescriptor("files.write", "d", RiskTier.Read, TestJson.Parse(json)));

        Assert.Equal("argumentsSchema", error.ParamName);
    }

    [Fact]
    public void Constructor_UndefinedSchema_ThrowsForSchema()
    {
        var error = Assert.Throws<ArgumentException>(() => new CapabilityDescriptor("files.write", "d", RiskTier.Read, default));

        Assert.Equal("argumentsSchema", error.ParamName);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(5)]
    public void Constructor_UndefinedRiskTier_ThrowsOutOfRange(int tier)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new CapabilityDescriptor("files.write", "d", (RiskTier)tier, ObjectSchema));

        Assert.Equal("riskTier", error.ParamName);
    }

    [Fact]
    public void Constructor_NullNameOrDescription_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => new CapabilityDescriptor(null!, "d", RiskTier.Read, ObjectSchema));
        Assert.Throws<ArgumentNullException>(() => new CapabilityDescriptor("files.read", null!, RiskTier.Read, ObjectSchema));
    }

    [Fact]
    public void Constructor_SchemaDocumentDisposedAfterwards_KeepsItsOwnCopy()
    {
        var document = JsonDocument.Parse("""{"type":"object"}""");

        var descriptor = new CapabilityDescriptor("files.read", "d", RiskTier.Read, document.RootElement);
        document.Dispose();

        Assert.Equal("object", descriptor.ArgumentsSchema.GetProperty("type").GetString());
    }

    [Theory]
    [InlineData(RiskTier.Read, true)]
    [InlineData(RiskTier.Internal, false)]
    [InlineData(RiskTier.External, false)]
    [InlineData(RiskTier.Financial, false)]
    [InlineData(RiskTier.Commitment, false)]
    public void IsReadOnly_ByTier_OnlyReadIsReadOnly(RiskTier tier, bool expected)
    {
        var descriptor = new CapabilityDescriptor("files.op", "d", tier, ObjectSchema);

        Assert.Equal(expected, descriptor.IsReadOnly);
    }
}
