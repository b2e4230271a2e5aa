using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace OperatorOs.Connectors.Mcp.Tests;

public sealed class McpConnectorOperatorOsBuilderExtensionsTests : IDisposable
{
    private readonly FilesystemServer _server = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddMcpConnector_HostStart_DiscoversTheToolsOfTheOneSingletonConnector()
    {
        var builder = new TestOperatorOsBuilder(new ServiceCollection());

        IOperatorOsBuilder returned = builder.AddMcpConnector(o => Configure(o, readOnly: false));
        await using ServiceProvider services = builder.Services.BuildServiceProvider();
        foreach (IHostedService hosted in services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(Ct);
        }

        Assert.Same(builder, returned);
        var connector = Assert.IsType<McpConnector>(Assert.Single(services.GetServices<Connector>()));
        Assert.Same(connector, services.GetRequiredKeyedService<McpConnector>("fs"));
        Assert.Contains(connector.Capabilities, c => c.Name == "mcp.fs.write_file" && c.RiskTier == RiskTier.External);
    }

    [Fact]
    public async Task AddMcpConnector_ReadOnly_HidesWriteTools()
    {
        var builder = new TestOperatorOsBuilder(new ServiceCollection());
        builder.AddMcpConnector(o => Configure(o, readOnly: true));
        await using ServiceProvider services = builder.Services.BuildServiceProvider();

        Connector connector = Assert.Single(services.GetServices<Connector>());

        Assert.All(connector.Capabilities, c => Assert.Equal(RiskTier.Read, c.RiskTier));
        Assert.DoesNotContain(connector.Capabilities, c => c.Name is "mcp.fs.write_file" or "mcp.fs.edit_file" or "mcp.fs.move_file");
        Assert.Contains(connector.Capabilities, c => c.Name == "mcp.fs.read_file");
    }

    [Fact]
    public void AddMcpConnector_InvalidOptions_ThrowsOptionsValidationExceptionNamingThem()
    {
        var builder = new TestOperatorOsBuilder(new ServiceCollection());

        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() => builder.AddMcpConnector(o => o.ServerName = "Files"));

        Assert.Contains(ex.Failures, f => f.Contains("ServerName", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("Command", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("LedgerPath", StringComparison.Ordinal));
        Assert.Empty(builder.Services);
    }

    [Fact]
    public void AddMcpConnector_SameServerNameTwice_Throws()
    {
        var builder = new TestOperatorOsBuilder(new ServiceCollection());
        builder.AddMcpConnector(o => Configure(o, readOnly: false));

        Assert.Throws<InvalidOperationException>(() => builder.AddMcpConnector(o => Configure(o, readOnly: true)));
    }

    [Fact]
    public void AddMcpConnector_NullArguments_Throw()
    {
        var builder = new TestOperatorOsBuilder(new ServiceCollection());

        Assert.Throws<ArgumentNullException>(() => builder.AddMcpConnector(null!));
        Assert.Throws<ArgumentNullException>(() => ((IOperatorOsBuilder)null!).AddMcpConnector(_ => { }));
    }

    public void Dispose() => _server.Dispose();

    private void Configure(McpConnectorOptions options, bool readOnly)
    {
        McpConnectorOptions source = _server.Options(readOnly);
        options.ServerName = source.ServerName;
        options.Command = source.Command;
        options.LedgerPath = source.LedgerPath;
        options.ReadOnly = readOnly;
        foreach (string argument in source.Arguments)
        {
            options.Arguments.Add(argument);
        }

        foreach (KeyValuePair<string, RiskTier> tier in source.ToolRiskTiers)
        {
            options.ToolRiskTiers.Add(tier);
        }
    }
}
