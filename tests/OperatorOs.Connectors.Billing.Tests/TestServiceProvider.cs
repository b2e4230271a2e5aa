namespace OperatorOs.Connectors.Billing.Tests;

/// <summary>A service provider that knows a fixed set of services; enough to run registered factories without a container.</summary>
internal sealed class TestServiceProvider(params object[] services) : IServiceProvider
{
    public object? GetService(Type serviceType) => services.FirstOrDefault(serviceType.IsInstanceOfType);
}
