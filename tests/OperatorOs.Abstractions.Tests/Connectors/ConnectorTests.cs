using OperatorOs.Testing;

namespace OperatorOs.Abstractions.Tests.Connectors;

public class ConnectorTests
{
    [Fact]
    public void GetCapability_Offered_ReturnsItsDescriptor()
    {
        using RecordingConnector connector = NotesConnector();

        CapabilityDescriptor descriptor = connector.GetCapability("notes.write");

        Assert.Equal("notes.write", descriptor.Name);
        Assert.Equal(RiskTier.Internal, descriptor.RiskTier);
    }

    [Theory]
    [InlineData("notes.delete")]
    [InlineData("Notes.read")]
    [InlineData("notes")]
    [InlineData("")]
    public void GetCapability_NotOffered_ThrowsNamingCapabilityAndConnector(string capability)
    {
        using RecordingConnector connector = NotesConnector();

        var error = Assert.Throws<UnknownCapabilityException>(() => connector.GetCapability(capability));

        Assert.Equal(capability, error.Capability);
        Assert.Contains("'notes'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{capability}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetCapability_NoCapabilities_Throws()
    {
        using var connector = new MinimalConnector([]);

        Assert.Throws<UnknownCapabilityException>(() => connector.GetCapability("notes.read"));
    }

    [Fact]
    public void ValidateArguments_OfferedCapabilityAndObject_DoesNotThrow()
    {
        using var connector = new MinimalConnector([RecordingConnector.Capability("notes.read", RiskTier.Read)]);

        connector.ValidateArguments("notes.read", TestJson.Parse("""{"id":1}"""));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("1")]
    [InlineData("null")]
    public void ValidateArguments_NonObject_ThrowsAtRootPath(string json)
    {
        using var connector = new MinimalConnector([RecordingConnector.Capability("notes.read", RiskTier.Read)]);

        var error = Assert.Throws<ConnectorArgumentException>(() => connector.ValidateArguments("notes.read", TestJson.Parse(json)));

        Assert.Equal("notes.read", error.Capability);
        Assert.Equal("$", error.Path);
    }

    [Fact]
    public void ValidateArguments_UnknownCapability_ThrowsUnknownCapability()
    {
        using var connector = new MinimalConnector([RecordingConnector.Capability("notes.read", RiskTier.Read)]);

        Assert.Throws<UnknownCapabilityException>(() => connector.ValidateArguments("notes.write", TestJson.Parse("{}")));
    }

    [Fact]
    public void GetService_OwnTypes_ReturnsSelfElseNull()
    {
        using var connector = new MinimalConnector([]);

        Assert.Same(connector, connector.GetService(typeof(Connector)));
        Assert.Same(connector, connector.GetService(typeof(MinimalConnector)));
        Assert.Same(connector, connector.GetService(typeof(IDisposable)));
        Assert.Null(connector.GetService(typeof(Connector), "key"));
        Assert.Null(connector.GetService(typeof(string)));
        Assert.Throws<ArgumentNullException>(() => connector.GetService(null!));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void Constructor_EmptyName_Throws(string name)
    {
        Assert.Throws<ArgumentException>(() => new MinimalConnector([], name));
    }

    [Fact]
    public void Dispose_Twice_DoesNotThrow()
    {
        var connector = new MinimalConnector([]);

        connector.Dispose();
        connector.Dispose();

        Assert.Equal(2, connector.DisposeCalls);
    }

    private static RecordingConnector NotesConnector() =>
        new("notes", [RecordingConnector.Capability("notes.read", RiskTier.Read), RecordingConnector.Capability("notes.write", RiskTier.Internal)]);

    private sealed class MinimalConnector(IReadOnlyList<CapabilityDescriptor> capabilities, string name = "minimal") : Connector(name)
    {
        public int DisposeCalls { get; private set; }

        public override IReadOnlyList<CapabilityDescriptor> Capabilities => capabilities;

        public override Task<OperationResult> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public override Task<OperationStatus> GetStatusAsync(OperationToken token, CancellationToken cancellationToken = default) =>
            Task.FromResult(OperationStatus.NotFound(token));

        protected override void Dispose(bool disposing)
        {
            DisposeCalls++;
            base.Dispose(disposing);
        }
    }
}
