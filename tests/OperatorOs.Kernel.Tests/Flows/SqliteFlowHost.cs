using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace OperatorOs.Kernel.Tests.Flows;

/// <summary>One "run" of a host on a SQLite file: disposing it is the process stopping; a new one on the same file is the restart.</summary>
internal sealed class SqliteFlowHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly List<IHostedService> _hosted;

    public SqliteFlowHost(string path, RecordingConnector connector, FakeTimeProvider clock, params FlowDefinition[] flows)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        IOperatorOsBuilder builder = services.AddOperatorOs(o =>
        {
            o.TierDefaults[RiskTier.Internal] = PolicyVerdict.Execute;
            o.ExecutionRetryDelay = TimeSpan.Zero;
            o.MaxExecutionAttempts = 1;
        }).UseSqlite(path).AddConnector(connector);
        foreach (FlowDefinition flow in flows)
        {
            builder.AddFlow(flow);
        }

        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        _hosted = _provider.GetServices<IHostedService>().ToList();
    }

    public IFlowRuntime Flows => _provider.GetRequiredService<IFlowRuntime>();

    public IApprovalQueue Approvals => _provider.GetRequiredService<IApprovalQueue>();

    public Journal Journal => _provider.GetRequiredService<Journal>();

    public MemoryStore Memory => _provider.GetRequiredService<MemoryStore>();

    public FlowStorage Storage => _provider.GetRequiredService<FlowStorage>();

    internal FlowRuntime Runtime => _provider.GetRequiredService<FlowRuntime>();

    internal FlowRecoveryService Recovery => _provider.GetRequiredService<FlowRecoveryService>();

    /// <summary>Starts the hosted services, as a host does, and waits for the start-up recovery.</summary>
    public async Task<int> StartAsync()
    {
        foreach (IHostedService service in _hosted)
        {
            await service.StartAsync(TestContext.Current.CancellationToken);
        }

        return _hosted.Count == 0 ? 0 : await _provider.GetRequiredService<FlowRecoveryService>().Recovered;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (IHostedService service in _hosted)
        {
            await service.StopAsync(CancellationToken.None);
        }

        await _provider.DisposeAsync();
    }
}
