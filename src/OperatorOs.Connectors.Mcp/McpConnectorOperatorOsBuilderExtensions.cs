using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OperatorOs;
using OperatorOs.Connectors.Mcp;
using OperatorOs.Connectors.Mcp.Internal;
using OperatorOs.Shared;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="McpConnector"/>s with OperatorOs.</summary>
public static class McpConnectorOperatorOsBuilderExtensions
{
    /// <summary>Registers an <see cref="McpConnector"/> for one MCP server as a singleton <see cref="Connector"/> service, and a
    /// hosted service that starts it (and so discovers its tools) when the host starts.</summary>
    /// <param name="builder">The OperatorOs builder.</param>
    /// <param name="configure">Sets the connector's options: the server name, a command or endpoint, and the ledger path.</param>
    /// <returns>The <paramref name="builder"/>, for chaining.</returns>
    /// <remarks>
    /// <para><paramref name="configure"/> runs once, immediately, and the options are validated at registration. The connector is
    /// also registered as a keyed <see cref="McpConnector"/> service under its <see cref="McpConnectorOptions.ServerName"/>,
    /// created with the <see cref="TimeProvider"/> registered in the container (or <see cref="TimeProvider.System"/>), and disposed
    /// by the container, which stops the server. Without a host, the connector starts when the kernel first reads its capabilities.</para>
    /// <para>With <see cref="McpConnectorOptions.ReadOnly"/> set, only tools of tier <see cref="RiskTier.Read"/> are offered; the
    /// others are hidden from the kernel and from agents. Register several servers with different server names.</para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    /// <exception cref="OptionsValidationException">The configured options are invalid.</exception>
    /// <exception cref="InvalidOperationException">A server with the same name is already registered.</exception>
    public static IOperatorOsBuilder AddMcpConnector(this IOperatorOsBuilder builder, Action<McpConnectorOptions> configure)
    {
        _ = Throw.IfNull(builder);
        _ = Throw.IfNull(configure);

        var options = new McpConnectorOptions();
        configure(options);
        List<string> failures = McpConnectorOptionsValidation.GetFailures(options);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(options.ServerName ?? Options.Options.DefaultName, typeof(McpConnectorOptions), failures);
        }

        string key = options.ServerName!;
        if (builder.Services.Any(d => d.ServiceType == typeof(McpConnector) && d.IsKeyedService && Equals(d.ServiceKey, key)))
        {
            throw new InvalidOperationException($"An MCP server named '{key}' is already registered; give each server its own {nameof(McpConnectorOptions.ServerName)}.");
        }

        _ = builder.Services.AddKeyedSingleton(key, (services, _) => new McpConnector(options, services.GetService<TimeProvider>() ?? TimeProvider.System));
        _ = builder.Services.AddSingleton<Connector>(services => services.GetRequiredKeyedService<McpConnector>(key));
        _ = builder.Services.AddSingleton<IHostedService>(services => new McpConnectorStarter(services.GetRequiredKeyedService<McpConnector>(key)));
        return builder;
    }
}
