using Microsoft.Extensions.DependencyInjection;

namespace OperatorOs.Memory.Tests;

/// <summary>Registers in-memory storage through the builder, as the kernel's AddOperatorOs would, without referencing the kernel.</summary>
internal static class TestStorageRegistration
{
    public static IOperatorOsBuilder AddOperatorOsStorageForTest(this IServiceCollection services) =>
        new Builder(services).UseInMemoryStorage();

    private sealed record Builder(IServiceCollection Services) : IOperatorOsBuilder;
}
