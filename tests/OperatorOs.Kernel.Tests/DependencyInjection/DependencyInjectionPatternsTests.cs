using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OperatorOs.Testing;

namespace OperatorOs.Kernel.Tests.DependencyInjection;

public class DependencyInjectionPatternsTests
{
    [Fact]
    public void AddOperatorOs_Twice_RegistersEachServiceOnceAndKeepsBothConfigurations()
    {
        var services = new ServiceCollection();
        services.AddOperatorOs(o => o.ShadowMode = true);
        int count = services.Count;

        services.AddOperatorOs(o => o.MaxExecutionAttempts = 5);

        Assert.Equal(count + 1, services.Count);
        using ServiceProvider provider = services.BuildServiceProvider();
        OperatorOsOptions options = provider.GetRequiredService<IOptions<OperatorOsOptions>>().Value;
        Assert.True(options.ShadowMode);
        Assert.Equal(5, options.MaxExecutionAttempts);
        Assert.Equal(10, provider.GetServices<IPolicy>().Count());
    }

    [Fact]
    public void AddOperatorOs_KernelAndQueue_AreSingletons()
    {
        var services = new ServiceCollection();
        services.AddOperatorOs();
        using ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

        using IServiceScope a = provider.CreateScope();
        using IServiceScope b = provider.CreateScope();

        Assert.Same(a.ServiceProvider.GetRequiredService<IOperatorKernel>(), b.ServiceProvider.GetRequiredService<IOperatorKernel>());
        Assert.Same(a.ServiceProvider.GetRequiredService<IApprovalQueue>(), b.ServiceProvider.GetRequiredService<IApprovalQueue>());
        Assert.IsType<InMemoryJournal>(provider.GetRequiredService<Journal>());
        Assert.IsType<HashingEmbeddingGenerator>(provider.GetRequiredService<Microsoft.Extensions.AI.IEmbeddingGenerator<string, Microsoft.Extensions.AI.Embedding<float>>>());
    }

    [Fact]
    public void AddOperatorOs_EmbeddingGeneratorRegisteredBefore_IsKept()
    {
        var services = new ServiceCollection();
        var mine = new HashingEmbeddingGenerator(new HashingEmbeddingGeneratorOptions { Dimensions = 16 });
        services.AddSingleton<Microsoft.Extensions.AI.IEmbeddingGenerator<string, Microsoft.Extensions.AI.Embedding<float>>>(mine);
        services.AddOperatorOs();
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Same(mine, provider.GetRequiredService<Microsoft.Extensions.AI.IEmbeddingGenerator<string, Microsoft.Extensions.AI.Embedding<float>>>());
    }

    [Fact]
    public void AddOperatorOs_InvalidOptions_FailsNamingTheField()
    {
        var services = new ServiceCollection();
        services.AddOperatorOs(o =>
        {
            o.MaxExecutionAttempts = 0;
            o.TierDefaults.Remove(RiskTier.Financial);
        });
        using ServiceProvider provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<OperatorOsOptions>>().Value);

        Assert.Contains(error.Failures, f => f.StartsWith("MaxExecutionAttempts", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Financial", StringComparison.Ordinal));
    }

    [Fact]
    public void AddConnector_TwoConnectorsOfferingOneCapability_FailsNamingBoth()
    {
        var services = new ServiceCollection();
        services.AddOperatorOs()
            .AddConnector(new RecordingConnector("first", [RecordingConnector.Capability("mail.send", RiskTier.External)]))
            .AddConnector(new RecordingConnector("second", [RecordingConnector.Capability("mail.send", RiskTier.External)]));
        using ServiceProvider provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IOperatorKernel>());

        Assert.Contains("'first'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'second'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UseInMemoryStorage_ReplacesStorage()
    {
        var services = new ServiceCollection();
        var journal = new InMemoryJournal();
        services.AddSingleton<Journal>(journal);
        services.AddOperatorOs().UseInMemoryStorage();
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.NotSame(journal, provider.GetRequiredService<Journal>());
        Assert.Single(services, d => d.ServiceType == typeof(Journal));
    }
}
