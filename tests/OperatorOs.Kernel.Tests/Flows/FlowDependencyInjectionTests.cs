using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace OperatorOs.Kernel.Tests.Flows;

public sealed class FlowDependencyInjectionTests
{
    [Fact]
    public async Task AddFlow_RegistersOneRuntimeAndOneRecoveryService_WhateverTheNumberOfFlows()
    {
        var services = new ServiceCollection();
        services.AddOperatorOs()
            .AddConnector(new RecordingConnector("test", [RecordingConnector.Capability("notes.write", RiskTier.Internal), RecordingConnector.Capability("billing.refund", RiskTier.Financial)]))
            .AddFlow(FlowHarness.Enrollment(1)).AddFlow(FlowHarness.Enrollment(2)).ConfigureFlows(o => o.RecoveryConcurrency = 2);
        await using ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.Same(provider.GetRequiredService<IFlowRuntime>(), provider.GetRequiredService<IFlowRuntime>());
        Assert.Single(provider.GetServices<IHostedService>().OfType<FlowRecoveryService>());
        Assert.Equal(2, provider.GetRequiredService<FlowRegistry>().Latest("enrollment").Version);
    }

    [Fact]
    public async Task AddFlow_StepWithACapabilityNoConnectorOffers_FailsWhenTheRuntimeIsResolved()
    {
        var services = new ServiceCollection();
        services.AddOperatorOs().AddFlow(FlowHarness.Enrollment());
        await using ServiceProvider provider = services.BuildServiceProvider();

        var error = Assert.Throws<FlowDefinitionException>(() => provider.GetRequiredService<IFlowRuntime>());

        Assert.Equal("awaiting-payment", error.State);
        Assert.Contains("'notes.write'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigureFlows_InvalidOptions_FailWithTheFieldsNamed()
    {
        var services = new ServiceCollection();
        services.AddOperatorOs().ConfigureFlows(o =>
        {
            o.ApprovalPollInterval = TimeSpan.Zero;
            o.RecoveryConcurrency = 0;
        });
        await using ServiceProvider provider = services.BuildServiceProvider();

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => provider.GetRequiredService<IFlowRuntime>());

        Assert.Contains(error.Failures, f => f.StartsWith("ApprovalPollInterval", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("RecoveryConcurrency", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddOperatorOs_WithoutFlows_HasARuntimeButNoRecoveryService()
    {
        var services = new ServiceCollection();
        services.AddOperatorOs();
        await using ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.Empty(provider.GetServices<IHostedService>().OfType<FlowRecoveryService>());
        await Assert.ThrowsAsync<UnknownFlowException>(() => provider.GetRequiredService<IFlowRuntime>().StartAsync("enrollment", cancellationToken: TestContext.Current.CancellationToken));
    }
}
