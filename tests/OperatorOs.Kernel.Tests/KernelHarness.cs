using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OperatorOs.Testing;

namespace OperatorOs.Kernel.Tests;

/// <summary>Builds a kernel over a recording connector, a fake clock and, optionally, a scripted model.</summary>
internal sealed class KernelHarness : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    public KernelHarness(
        Action<OperatorOsOptions>? configure = null,
        Action<IOperatorOsBuilder>? build = null,
        ScriptedChatClient? model = null,
        IEnumerable<CapabilityDescriptor>? capabilities = null,
        Action<IServiceCollection>? services = null,
        FakeTimeProvider? clock = null,
        RecordingConnector? connector = null)
    {
        Clock = clock ?? new FakeTimeProvider(Start);
        Connector = connector ?? new RecordingConnector("test", capabilities ??
        [
            RecordingConnector.Capability("notes.read", RiskTier.Read),
            RecordingConnector.Capability("notes.write", RiskTier.Internal),
            RecordingConnector.Capability("mail.send", RiskTier.External),
            RecordingConnector.Capability("billing.refund", RiskTier.Financial),
        ], Clock);

        var collection = new ServiceCollection();
        collection.AddSingleton<TimeProvider>(Clock);
        if (model is not null)
        {
            collection.AddSingleton<IChatClient>(model);
        }

        services?.Invoke(collection);
        IOperatorOsBuilder builder = collection.AddOperatorOs(o =>
        {
            o.ExecutionRetryDelay = TimeSpan.Zero;
            configure?.Invoke(o);
        }).AddConnector(Connector);
        build?.Invoke(builder);
        _provider = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>Gets the time the harness's clock starts at.</summary>
    public static DateTimeOffset Start { get; } = new(2026, 9, 1, 9, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Clock { get; }

    public RecordingConnector Connector { get; }

    public IServiceProvider Services => _provider;

    public IOperatorKernel Kernel => _provider.GetRequiredService<IOperatorKernel>();

    public IApprovalQueue Approvals => _provider.GetRequiredService<IApprovalQueue>();

    public Journal Journal => _provider.GetRequiredService<Journal>();

    public MemoryStore Memory => _provider.GetRequiredService<MemoryStore>();

    public Intent Intent(string name, string payload = "{}", TrustLevel trust = TrustLevel.Operator) =>
        OperatorOs.Intent.Create(name, TestJson.Parse(payload), "test", trust, Clock);

    public ActionProposal Proposal(string capability, string arguments = "{}", string proposer = "operator", ActorKind kind = ActorKind.Operator, TrustLevel taint = TrustLevel.Operator) =>
        new(Guid.NewGuid().ToString("n"), capability, TestJson.Parse(arguments), proposer, Clock.GetUtcNow()) { ProposerKind = kind, Taint = taint };

    public async Task<List<JournalEvent>> EventsAsync()
    {
        var events = new List<JournalEvent>();
        await foreach (JournalEvent e in Journal.ReadAsync(1, TestContext.Current.CancellationToken))
        {
            events.Add(e);
        }

        return events;
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
