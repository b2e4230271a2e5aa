using Microsoft.Extensions.DependencyInjection;

namespace OperatorOs;

/// <summary>The builder <c>AddOperatorOs</c> returns.</summary>
internal sealed record OperatorOsBuilder(IServiceCollection Services) : IOperatorOsBuilder;
