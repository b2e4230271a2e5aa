namespace OperatorOs.Connectors.Mcp.Tests;

public sealed class McpConnectorOptionsTests
{
    [Fact]
    public void Constructor_CommandAndEndpoint_ThrowsNamingBoth()
    {
        var options = new McpConnectorOptions { ServerName = "x", Command = "node", Endpoint = new Uri("http://127.0.0.1:1/mcp"), LedgerPath = "l.db" };

        ArgumentException ex = Assert.Throws<ArgumentException>(() => new McpConnector(options));

        Assert.Contains("Command", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Endpoint", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mcp.fs", "prefix without trailing dot")]
    [InlineData("Mcp.", "upper case")]
    [InlineData("mcp..", "empty segment")]
    public void Constructor_BadPrefix_Throws(string prefix, string why)
    {
        var options = new McpConnectorOptions { ServerName = "x", Command = "node", LedgerPath = "l.db", CapabilityPrefix = prefix };

        ArgumentException ex = Assert.Throws<ArgumentException>(() => new McpConnector(options));

        Assert.True(ex.Message.Contains("CapabilityPrefix", StringComparison.Ordinal), why);
    }

    [Fact]
    public void Constructor_RelativeOrNonHttpEndpointAndBadTimeouts_Throw()
    {
        var options = new McpConnectorOptions { ServerName = "x", Endpoint = new Uri("ftp://example.invalid/"), LedgerPath = "l.db", CallTimeout = TimeSpan.Zero, MaxReadRetryAttempts = 11 };

        ArgumentException ex = Assert.Throws<ArgumentException>(() => new McpConnector(options));

        Assert.Contains("Endpoint", ex.Message, StringComparison.Ordinal);
        Assert.Contains("CallTimeout", ex.Message, StringComparison.Ordinal);
        Assert.Contains("MaxReadRetryAttempts", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_AreExternalTierAndNoTrustInAnnotations()
    {
        var options = new McpConnectorOptions();

        Assert.Equal(RiskTier.External, options.DefaultRiskTier);
        Assert.False(options.TrustReadOnlyAnnotations);
        Assert.False(options.InheritEnvironment);
        Assert.False(options.ReadOnly);
    }

    [Fact]
    public async Task GetService_Options_ReturnsACopyWithoutSharingCollections()
    {
        using var root = new TempDirectory();
        var options = new McpConnectorOptions { ServerName = "x", Command = "node", LedgerPath = root.Combine("l.db") };
        options.ToolRiskTiers["a"] = RiskTier.Read;
        await using var connector = new McpConnector(options);
        options.ToolRiskTiers["b"] = RiskTier.Read;

        var copy = Assert.IsType<McpConnectorOptions>(connector.GetService(typeof(McpConnectorOptions)));

        Assert.Equal(["a"], copy.ToolRiskTiers.Keys);
        Assert.Equal(root.Combine("l.db"), connector.LedgerPath);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
