using Microsoft.Extensions.DependencyInjection;

namespace OperatorOs;

/// <summary>Configures OperatorOs in a service collection; storage, agents, flows and connectors chain off it.</summary>
public interface IOperatorOsBuilder
{
    /// <summary>Gets the service collection OperatorOs is registered in.</summary>
    IServiceCollection Services { get; }
}
