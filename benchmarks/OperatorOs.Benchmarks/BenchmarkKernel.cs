using Microsoft.Extensions.DependencyInjection;
using OperatorOs;
using OperatorOs.Testing;

namespace OperatorOs.Benchmarks;

/// <summary>A kernel over a recording connector, shared by the benchmarks that exercise the governed path.</summary>
internal static class BenchmarkKernel
{
    public static ServiceProvider Build(RecordingConnector connector, Action<OperatorOsOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddOperatorOs(configure).AddConnector(connector).AddAgent(new AgentRole("worker", "x") { GrantedCapabilities = ["notes.read", "mail.send"] });
        return services.BuildServiceProvider();
    }

    public static RecordingConnector Connector() => new("bench",
    [
        RecordingConnector.Capability("notes.read", RiskTier.Read),
        RecordingConnector.Capability("mail.send", RiskTier.External),
    ]);
}
