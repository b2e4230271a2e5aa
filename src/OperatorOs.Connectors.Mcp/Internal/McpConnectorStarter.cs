using Microsoft.Extensions.Hosting;

namespace OperatorOs.Connectors.Mcp.Internal;

/// <summary>Starts an <see cref="McpConnector"/> when the host starts, so its tools are discovered before the first intent.</summary>
/// <remarks>A server that cannot be started fails the host's start with the connector's <see cref="McpConnectorException"/>.</remarks>
internal sealed class McpConnectorStarter(McpConnector connector) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => connector.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
