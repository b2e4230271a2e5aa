namespace OperatorOs.Connectors.Mcp.Tests;

/// <summary>Tool discovery against the reference filesystem server: descriptors, tiers from configuration, read-only and allow-lists.</summary>
public sealed class McpConnectorDiscoveryTests : IDisposable
{
    private readonly FilesystemServer _server = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StartAsync_ReferenceServer_OffersEveryToolWithItsSchemaAndDefaultExternalTier()
    {
        await using McpConnector connector = await _server.StartAsync();

        CapabilityDescriptor write = connector.GetCapability("mcp.fs.write_file");
        Assert.Equal(RiskTier.External, write.RiskTier);
        Assert.False(string.IsNullOrWhiteSpace(write.Description));
        Assert.Equal("object", write.ArgumentsSchema.GetProperty("type").GetString());
        Assert.Equal(["path", "content"], write.ArgumentsSchema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("string", write.ArgumentsSchema.GetProperty("properties").GetProperty("content").GetProperty("type").GetString());
        Assert.Equal(RiskTier.External, connector.GetCapability("mcp.fs.move_file").RiskTier);
        Assert.Equal(RiskTier.External, connector.GetCapability("mcp.fs.get_file_info").RiskTier); // annotated read-only, but not trusted
        Assert.All(connector.DiscoveredTools, tool => Assert.True(tool.IsOffered, tool.HiddenBecause));
        Assert.Equal(connector.DiscoveredTools.Count, connector.Capabilities.Count);
        Assert.Equal("mcp.fs", connector.Name);
    }

    [Fact]
    public async Task StartAsync_ConfiguredReadTools_AreReadTier()
    {
        await using McpConnector connector = await _server.StartAsync();

        Assert.Equal(RiskTier.Read, connector.GetCapability("mcp.fs.read_file").RiskTier);
        Assert.Equal(RiskTier.Read, connector.GetCapability("mcp.fs.list_directory").RiskTier);
        Assert.True(connector.GetCapability("mcp.fs.read_file").IsReadOnly);
    }

    [Fact]
    public async Task ReadOnly_HidesEveryToolNotConfiguredRead()
    {
        await using McpConnector connector = await _server.StartAsync(readOnly: true);

        Assert.Equal(["mcp.fs.list_directory", "mcp.fs.read_file", "mcp.fs.read_text_file"], connector.Capabilities.Select(c => c.Name).Order(StringComparer.Ordinal));
        McpDiscoveredTool write = Assert.Single(connector.DiscoveredTools, t => t.ToolName == "write_file");
        Assert.False(write.IsOffered);
        Assert.Contains("read-only", write.HiddenBecause, StringComparison.Ordinal);
        Assert.Throws<UnknownCapabilityException>(() => connector.GetCapability("mcp.fs.edit_file"));
    }

    [Fact]
    public async Task TrustReadOnlyAnnotations_AnnotatedToolsBecomeRead_AndReadOnlyOffersThem()
    {
        await using McpConnector connector = await _server.StartAsync(readOnly: true, configure: o => o.TrustReadOnlyAnnotations = true);

        Assert.Equal(RiskTier.Read, connector.GetCapability("mcp.fs.get_file_info").RiskTier);
        Assert.Equal(RiskTier.Read, connector.GetCapability("mcp.fs.search_files").RiskTier);
        Assert.DoesNotContain(connector.Capabilities, c => c.Name is "mcp.fs.write_file" or "mcp.fs.edit_file" or "mcp.fs.move_file" or "mcp.fs.create_directory");
    }

    [Fact]
    public async Task Configuration_OverridesATrustedAnnotation()
    {
        await using McpConnector connector = await _server.StartAsync(configure: o =>
        {
            o.TrustReadOnlyAnnotations = true;
            o.ToolRiskTiers["get_file_info"] = RiskTier.Internal;
        });

        Assert.Equal(RiskTier.Internal, connector.GetCapability("mcp.fs.get_file_info").RiskTier);
    }

    [Fact]
    public async Task AllowedTools_OffersOnlyTheListedTools_UnderTheConfiguredPrefix()
    {
        await using McpConnector connector = await _server.StartAsync(configure: o =>
        {
            o.CapabilityPrefix = "files.remote.";
            o.AllowedTools.Add("read_file");
            o.AllowedTools.Add("write_file");
        });

        Assert.Equal(["files.remote.read_file", "files.remote.write_file"], connector.Capabilities.Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.Equal("not in the allow-list", Assert.Single(connector.DiscoveredTools, t => t.ToolName == "move_file").HiddenBecause);
    }

    [Fact]
    public async Task StartAsync_ConfigurationNamesUnknownTools_ThrowsStartupFailureNamingThem()
    {
        await using var connector = new McpConnector(_server.Options(configure: o =>
        {
            o.ToolRiskTiers["reed_file"] = RiskTier.Read;
            o.AllowedTools.Add("delete_everything");
        }));

        McpConnectorException ex = await Assert.ThrowsAsync<McpConnectorException>(() => connector.StartAsync(Ct));

        Assert.Equal(McpFailure.Startup, ex.Failure);
        Assert.Contains("reed_file", ex.Message, StringComparison.Ordinal);
        Assert.Contains("delete_everything", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Capabilities_BeforeStart_StartsTheConnector()
    {
        await using var connector = new McpConnector(_server.Options());

        Assert.Contains(connector.Capabilities, c => c.Name == "mcp.fs.write_file");
    }

    [Fact]
    public async Task ValidateArguments_AfterStart_ChecksTheToolSchema()
    {
        await using McpConnector connector = await _server.StartAsync();

        ConnectorArgumentException ex = Assert.Throws<ConnectorArgumentException>(() =>
            connector.ValidateArguments("mcp.fs.write_file", FilesystemServer.Args("""{ "path": "a.txt" }""")));

        Assert.Equal("$.content", ex.Path);
        connector.ValidateArguments("mcp.fs.write_file", FilesystemServer.Args("""{ "path": "a.txt", "content": "x" }"""));
        Assert.Equal("$.path", Assert.Throws<ConnectorArgumentException>(() =>
            connector.ValidateArguments("mcp.fs.read_file", FilesystemServer.Args("""{ "path": ["a"] }"""))).Path);
        Assert.Equal("$.head", Assert.Throws<ConnectorArgumentException>(() =>
            connector.ValidateArguments("mcp.fs.read_file", FilesystemServer.Args("""{ "path": "a", "head": "3" }"""))).Path);
    }

    public void Dispose() => _server.Dispose();
}
