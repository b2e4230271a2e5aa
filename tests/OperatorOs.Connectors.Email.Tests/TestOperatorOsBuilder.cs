using Microsoft.Extensions.DependencyInjection;

namespace OperatorOs.Connectors.Email.Tests;

/// <summary>A minimal <see cref="IOperatorOsBuilder"/> over a service collection.</summary>
internal sealed record TestOperatorOsBuilder(IServiceCollection Services) : IOperatorOsBuilder;
