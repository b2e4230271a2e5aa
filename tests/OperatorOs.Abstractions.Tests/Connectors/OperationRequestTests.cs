using System.Text.Json;

namespace OperatorOs.Abstractions.Tests.Connectors;

public class OperationRequestTests
{
    [Fact]
    public void Constructor_ValidArguments_SetsProperties()
    {
        var request = new OperationRequest("notes.write", TestJson.Parse("""{"text":"hi"}"""), OperationToken.ForProposal("p-1"));

        Assert.Equal("notes.write", request.Capability);
        Assert.Equal("hi", request.Arguments.GetProperty("text").GetString());
        Assert.Equal(OperationToken.ForProposal("p-1"), request.Token);
    }

    [Fact]
    public void Constructor_DefaultToken_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => new OperationRequest("notes.write", TestJson.Parse("{}"), default));

        Assert.Equal("token", error.ParamName);
    }

    [Fact]
    public void Constructor_NullCapability_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => new OperationRequest(null!, TestJson.Parse("{}"), OperationToken.ForProposal("p-1")));
    }

    [Fact]
    public void Constructor_ArgumentsDocumentDisposedAfterwards_KeepsItsOwnCopy()
    {
        var document = JsonDocument.Parse("""{"n":3}""");

        var request = new OperationRequest("notes.write", document.RootElement, OperationToken.ForProposal("p-1"));
        document.Dispose();

        Assert.Equal(3, request.Arguments.GetProperty("n").GetInt32());
    }

    [Fact]
    public void Constructor_UndefinedArguments_KeepsUndefined()
    {
        var request = new OperationRequest("notes.write", default, OperationToken.ForProposal("p-1"));

        Assert.Equal(JsonValueKind.Undefined, request.Arguments.ValueKind);
    }
}
