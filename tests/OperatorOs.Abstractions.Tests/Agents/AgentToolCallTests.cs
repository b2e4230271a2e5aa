using System.Text.Json;

namespace OperatorOs.Abstractions.Tests.Agents;

public class AgentToolCallTests
{
    [Fact]
    public void Constructor_Arguments_KeepsACopyAndDefaultsConfidence()
    {
        var document = JsonDocument.Parse("""{"q":"x"}""");

        var call = new AgentToolCall("notes.read", document.RootElement) { Rationale = "look it up" };
        document.Dispose();

        Assert.Equal("notes.read", call.Capability);
        Assert.Equal("x", call.Arguments.GetProperty("q").GetString());
        Assert.Equal("look it up", call.Rationale);
        Assert.Equal(1.0, call.Confidence);
    }

    [Theory]
    [InlineData(-0.5)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Confidence_OutsideZeroToOne_Throws(double confidence)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AgentToolCall("notes.read", default) { Confidence = confidence });
    }

    [Fact]
    public void Constructor_NullCapability_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => new AgentToolCall(null!, default));
    }
}
