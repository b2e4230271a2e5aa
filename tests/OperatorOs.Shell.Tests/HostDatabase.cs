using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace OperatorOs.Shell.Tests;

/// <summary>
/// A database file written by a real host (<c>AddOperatorOs().UseSqlite(file)</c> with a recording connector): intents and
/// proposals through the kernel leave pending, approved, rejected and expired approvals, journal events and memory facts.
/// Built once; every test works on its own copy.
/// </summary>
public sealed class HostDatabase : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();

    public string GoldenPath => _directory.Combine("golden.db");

    /// <summary>Gets a pending request from the triage agent (mail.send, untrusted taint from an inbound email).</summary>
    public string AgentPending { get; private set; } = string.Empty;

    /// <summary>Gets a pending mail.send request from the operator.</summary>
    public string MailPending { get; private set; } = string.Empty;

    /// <summary>Gets a pending billing.refund request from a flow (amount 80).</summary>
    public string RefundPending { get; private set; } = string.Empty;

    public string RefundProposalId { get; private set; } = string.Empty;

    /// <summary>Gets a request the host approved and executed.</summary>
    public string Executed { get; private set; } = string.Empty;

    /// <summary>Gets a request the host rejected.</summary>
    public string Rejected { get; private set; } = string.Empty;

    /// <summary>Gets a request whose expiry passed while it was pending (the store still says Pending).</summary>
    public string ExpiredUnrecorded { get; private set; } = string.Empty;

    public static IReadOnlyList<CapabilityDescriptor> Capabilities { get; } =
    [
        RecordingConnector.Capability("notes.read", RiskTier.Read),
        RecordingConnector.Capability("notes.write", RiskTier.Internal),
        RecordingConnector.Capability("mail.send", RiskTier.External),
        RecordingConnector.Capability("billing.refund", RiskTier.Financial),
    ];

    /// <summary>Builds a host's service provider over a database file, as an application would.</summary>
    public static ServiceProvider BuildHost(string path, RecordingConnector connector, TimeProvider? clock = null, Action<OperatorOsOptions>? configure = null)
    {
        var services = new ServiceCollection();
        if (clock is not null)
        {
            services.AddSingleton(clock);
        }

        services.AddOperatorOs(o =>
            {
                o.ExecutionRetryDelay = TimeSpan.Zero;
                configure?.Invoke(o);
            })
            .UseSqlite(path)
            .AddConnector(connector)
            .AddAgent(new AgentRole("triage", "Answer inbound email.") { GrantedCapabilities = ["mail.send"], DeterministicStrategy = new TriageStrategy() })
            .MapIntentToAgent("email.received", "triage");
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>Starts the host's hosted services (the approval dispatcher) and waits for the dispatcher's first pass.</summary>
    public static async Task<ApprovalDispatcher> StartAsync(ServiceProvider host, CancellationToken cancellationToken)
    {
        foreach (IHostedService service in host.GetServices<IHostedService>())
        {
            await service.StartAsync(cancellationToken);
        }

        ApprovalDispatcher dispatcher = host.GetRequiredService<ApprovalDispatcher>();
        await WaitUntilAsync(() => dispatcher.PassesCompleted >= 1, cancellationToken);
        return dispatcher;
    }

    public static async Task StopAsync(ServiceProvider host, CancellationToken cancellationToken)
    {
        foreach (IHostedService service in host.GetServices<IHostedService>().Reverse())
        {
            await service.StopAsync(cancellationToken);
        }
    }

    public static async Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    /// <summary>Copies the golden database to a new file in <paramref name="directory"/>.</summary>
    public string CopyTo(TempDirectory directory)
    {
        string path = directory.Combine($"host-{Guid.NewGuid():n}.db");
        File.Copy(GoldenPath, path);
        return path;
    }

    public async ValueTask InitializeAsync()
    {
        CancellationToken ct = CancellationToken.None;
        DateTimeOffset now = TimeProvider.System.GetUtcNow();

        // A request made ten days ago with a three-day expiry: past due now, never touched since.
        var past = new FakeTimeProvider(now.AddDays(-10));
        await using (ServiceProvider earlier = BuildHost(GoldenPath, new RecordingConnector("test", Capabilities, past), past, o => o.ApprovalExpiry = TimeSpan.FromDays(3)))
        {
            ProposalResult old = await earlier.GetRequiredService<IOperatorKernel>().ProposeAsync(Proposal("mail.send", """{"to":"old@example.com"}""", past.GetUtcNow()), ct);
            ExpiredUnrecorded = old.ApprovalId!;
        }

        var connector = new RecordingConnector("test", Capabilities);
        await using (ServiceProvider host = BuildHost(GoldenPath, connector))
        {
            IOperatorKernel kernel = host.GetRequiredService<IOperatorKernel>();
            IApprovalQueue queue = host.GetRequiredService<IApprovalQueue>();
            MemoryStore memory = host.GetRequiredService<MemoryStore>();

            // An inbound email: routed to the triage agent, whose reply needs approval (untrusted input, external capability).
            Intent email = Intent.Create("email.received", TestJson.Parse("""{"from":"ada@example.com","subject":"Invoice?"}"""), "inbox", TrustLevel.Untrusted, TimeProvider.System);
            IntentResult triaged = await kernel.SubmitAsync(email, ct);
            AgentPending = triaged.Proposals.Single().ApprovalId!;

            // A read executes at once.
            _ = await kernel.ProposeAsync(Proposal("notes.read", """{"path":"notes/today.md"}""", now), ct);

            MailPending = (await kernel.ProposeAsync(Proposal("mail.send", """{"to":"bob@example.com","subject":"Hello"}""", now), ct)).ApprovalId!;
            ActionProposal refund = Proposal("billing.refund", """{"invoice":"inv_7","amount":80}""", now, "billing-flow", ActorKind.Flow);
            RefundProposalId = refund.Id;
            RefundPending = (await kernel.ProposeAsync(refund, ct)).ApprovalId!;

            Executed = (await kernel.ProposeAsync(Proposal("mail.send", """{"to":"carol@example.com"}""", now), ct)).ApprovalId!;
            _ = await queue.ApproveAsync(Executed, "host-operator", cancellationToken: ct);
            Rejected = (await kernel.ProposeAsync(Proposal("notes.write", """{"path":"notes/x.md"}""", now), ct)).ApprovalId!;
            _ = await queue.RejectAsync(Rejected, "host-operator", "Not now.", ct);

            // Canonical memory: a fact with two versions, context, a signal, and cost records.
            var provenance = new Provenance(ActorKind.Operator, "host-operator");
            await memory.WriteAsync(new MemoryWrite("customer/42", "email", MemoryKind.Fact, TestJson.Parse("\"ada@old.example.com\""), provenance), ct);
            await memory.WriteAsync(new MemoryWrite("customer/42", "email", MemoryKind.Fact, TestJson.Parse("\"ada@example.com\""), provenance with { InputReferences = ["email/msg-1"] }), ct);
            await memory.WriteAsync(new MemoryWrite("customer/42", "plan", MemoryKind.Fact, TestJson.Parse("""{"name":"pro","seats":3}"""), provenance), ct);
            await memory.WriteAsync(new MemoryWrite("sprint/current", "goal", MemoryKind.Context, TestJson.Parse("\"ship the operator CLI\""), provenance), ct);
            await memory.WriteAsync(new MemoryWrite("inbox/msg-1", "received", MemoryKind.Signal, TestJson.Parse("""{"from":"ada@example.com"}"""), new Provenance(ActorKind.Connector, "mail")), ct);
            await memory.WriteAsync(new MemoryWrite("cost/model/gpt-test", "usd", MemoryKind.Fact, TestJson.Parse("1.25"), new Provenance(ActorKind.System, "cost-accounting")), ct);
            await memory.WriteAsync(new MemoryWrite("cost/agent/triage", "usd", MemoryKind.Fact, TestJson.Parse("0.5"), new Provenance(ActorKind.System, "cost-accounting")), ct);
        }

        // Close pooled connections so the file is checkpointed and complete on its own.
        SqliteConnection.ClearAllPools();
    }

    public static ActionProposal Proposal(string capability, string arguments, DateTimeOffset now, string proposer = "operator", ActorKind kind = ActorKind.Operator) =>
        new(Guid.NewGuid().ToString("n"), capability, TestJson.Parse(arguments), proposer, now) { ProposerKind = kind, Taint = TrustLevel.Operator };

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }
}
