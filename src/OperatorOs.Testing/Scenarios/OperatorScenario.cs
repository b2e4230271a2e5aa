using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OperatorOs.Shared;

namespace OperatorOs.Testing;

/// <summary>
/// Runs an agent-behaviour scenario against a real kernel with in-memory storage, a recording connector and a fake clock,
/// and answers what it proposed, how policy decided, what the operator was asked, which effects happened and what memory learned.
/// </summary>
/// <example>
/// <code>
/// await using var scenario = OperatorScenario.Create(s => s
///     .WithCapability("mail.send", RiskTier.External)
///     .WithModel(new ScriptedChatClient().EnqueueToolCall("mail__send", args).EnqueueText("Sent."))
///     .WithKernel(k => k.AddAgent(triage).MapIntentToAgent("student.question", "triage")));
/// await scenario.SubmitAsync("student.question", """{"text":"refund everyone"}""", TrustLevel.Untrusted);
/// ApprovalRequest pending = await scenario.ExpectPendingApprovalAsync("mail.send");
/// scenario.ExpectNoEffect("mail.send");
/// await scenario.RejectAsync(pending.Id, "not to everyone"); // the agent's run continues and is told
/// </code>
/// </example>
/// <remarks>
/// The scenario starts the kernel's hosted services on first use, as a host would: among them the one that continues an agent run
/// checkpointed on approvals once they are decided. <see cref="ApproveAsync(string, string?, CancellationToken)"/>,
/// <see cref="RejectAsync(string, string, CancellationToken)"/> and <see cref="EditAndApproveAsync"/> decide through the approval queue and
/// return once that run has continued as far as it can.
/// </remarks>
public sealed class OperatorScenario : IAsyncDisposable
{
    /// <summary>The operator name the scenario decides approvals as.</summary>
    public const string Operator = "operator";

    // The kernel keeps where each checkpointed agent run stands in memory: entity "agent-runs", attribute the intent id,
    // value {"state": "waiting" | "running" | "done", ...}.
    private const string AgentRunsEntity = "agent-runs";

    private static readonly TimeSpan ResumeTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ResumePoll = TimeSpan.FromMilliseconds(5);

    private readonly ServiceProvider _provider;
    private readonly DateTimeOffset _started;
    private readonly SemaphoreSlim _starting = new(1, 1);
    private IHostedService[]? _hosted;
    private int _intents;

    internal OperatorScenario(ServiceProvider provider, FakeTimeProvider clock, RecordingConnector connector)
    {
        _provider = provider;
        Clock = clock;
        Connector = connector;
        _started = clock.GetUtcNow();
    }

    /// <summary>Gets the fake clock the kernel runs on; advance it to let time pass.</summary>
    public FakeTimeProvider Clock { get; }

    /// <summary>Gets the connector that offers the scenario's capabilities and records their effects.</summary>
    public RecordingConnector Connector { get; }

    /// <summary>Gets the scenario's services.</summary>
    public IServiceProvider Services => _provider;

    /// <summary>Gets the kernel.</summary>
    public IOperatorKernel Kernel => _provider.GetRequiredService<IOperatorKernel>();

    /// <summary>Gets the approval queue, to decide as the operator would.</summary>
    public IApprovalQueue Approvals => _provider.GetRequiredService<IApprovalQueue>();

    /// <summary>Gets the memory store.</summary>
    public MemoryStore Memory => _provider.GetRequiredService<MemoryStore>();

    /// <summary>Gets the journal.</summary>
    public Journal Journal => _provider.GetRequiredService<Journal>();

    /// <summary>Creates a scenario.</summary>
    /// <param name="configure">Configures capabilities, models, agents, routes and options.</param>
    /// <returns>The scenario, ready for intents.</returns>
    public static OperatorScenario Create(Action<OperatorScenarioBuilder> configure)
    {
        var builder = new OperatorScenarioBuilder();
        Throw.IfNull(configure)(builder);
        return builder.Build();
    }

    /// <summary>Submits an intent and keeps what was proposed for it.</summary>
    /// <param name="name">The intent name.</param>
    /// <param name="payload">The payload as JSON.</param>
    /// <param name="trust">How far the intent's source is trusted.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>What the kernel did with the intent.</returns>
    public async Task<IntentResult> SubmitAsync(string name, string payload = "{}", TrustLevel trust = TrustLevel.Operator, CancellationToken cancellationToken = default)
    {
        int n = Interlocked.Increment(ref _intents);
        string id = string.Create(CultureInfo.InvariantCulture, $"scenario-{n}");
        using JsonDocument document = JsonDocument.Parse(payload);
        var intent = new Intent(id, name, document.RootElement, trust == TrustLevel.Untrusted ? "email" : "scenario", trust, id, Clock.GetUtcNow());
        await StartAsync(cancellationToken).ConfigureAwait(false);
        return await Kernel.SubmitAsync(intent, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Validates the options and starts the kernel's hosted services, as a host does; the other members call it when they need it. Idempotent.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes once the services have started.</returns>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _starting.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_hosted is not null)
            {
                return;
            }

            _provider.GetService<IStartupValidator>()?.Validate();
            IHostedService[] hosted = [.. _provider.GetServices<IHostedService>()];
            foreach (IHostedService service in hosted)
            {
                await service.StartAsync(cancellationToken).ConfigureAwait(false);
            }

            _hosted = hosted;
        }
        finally
        {
            _starting.Release();
        }
    }

    /// <summary>Lists every proposal decided since the scenario started, read from the journal: agents' (resumed runs' included), flow steps' and the operator's, with each approval as it stands now.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>
    /// The proposals, item by item (correlation id) in the order the items began, each item's in the order they were decided by the
    /// scenario's clock; of proposals decided at the same instant, those the kernel governs come before flow steps that ran at once.
    /// </returns>
    public async Task<IReadOnlyList<ScenarioProposal>> GetProposalsAsync(CancellationToken cancellationToken = default)
    {
        // Every proposal is filed under an item (its correlation id), and every item that saw activity has journal events.
        var items = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (JournalEvent e in Journal.ReadAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (e.Timestamp >= _started && e.CorrelationId is { } item && seen.Add(item))
            {
                items.Add(item);
            }
        }

        IDecisionRecords records = _provider.GetRequiredService<IDecisionRecords>();
        var proposals = new List<ScenarioProposal>();
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (string item in items)
        {
            foreach (DecisionRecord record in await records.ListForItemAsync(item, cancellationToken).ConfigureAwait(false))
            {
                if (listed.Add(record.ProposalId))
                {
                    ApprovalRequest? approval = record.ApprovalId is { } id ? await Approvals.GetAsync(id, cancellationToken).ConfigureAwait(false) : null;
                    proposals.Add(new ScenarioProposal(record, approval));
                }
            }
        }

        return proposals;
    }

    /// <summary>Lists the approvals waiting for the operator.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The pending approvals.</returns>
    public Task<IReadOnlyList<ApprovalRequest>> GetPendingApprovalsAsync(CancellationToken cancellationToken = default) => Approvals.ListPendingAsync(cancellationToken);

    /// <summary>Expects exactly one approval of a capability to wait for the operator.</summary>
    /// <param name="capability">The capability.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The pending approval.</returns>
    /// <exception cref="ScenarioAssertionException">None, or more than one, waits.</exception>
    public Task<ApprovalRequest> ExpectPendingApprovalAsync(string capability, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNullOrWhitespace(capability);
        return FindPendingAsync(r => r.Proposal.Capability == capability, $"of '{capability}'", cancellationToken);
    }

    /// <summary>Expects no approval (of a capability, or at all) to wait for the operator.</summary>
    /// <param name="capability">The capability, or <see langword="null"/> for any.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the expectation holds.</returns>
    /// <exception cref="ScenarioAssertionException">An approval waits.</exception>
    public async Task ExpectNoPendingApprovalAsync(string? capability = null, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<ApprovalRequest> pending = await Approvals.ListPendingAsync(cancellationToken).ConfigureAwait(false);
        List<ApprovalRequest> matching = [.. pending.Where(r => capability is null || r.Proposal.Capability == capability)];
        if (matching.Count > 0)
        {
            throw new ScenarioAssertionException($"Expected no pending approval{(capability is null ? string.Empty : $" of '{capability}'")}; pending:{Describe(matching)}");
        }
    }

    /// <summary>Approves a pending approval as the operator, executes the action, and lets the agent run waiting on it continue, as a host would.</summary>
    /// <param name="approvalId">The approval id.</param>
    /// <param name="correctedArguments">Arguments as JSON to execute instead of the proposed ones, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The approval with its outcome, once the agent run (if any) continued as far as it could.</returns>
    /// <exception cref="ApprovalNotFoundException">No approval has that id.</exception>
    /// <exception cref="ApprovalStateException">The approval is not pending (decided, expired).</exception>
    /// <exception cref="ScenarioAssertionException">The agent run did not continue within 30 seconds.</exception>
    /// <exception cref="JsonException"><paramref name="correctedArguments"/> is not JSON (checked before anything is decided).</exception>
    public async Task<ApprovalRequest> ApproveAsync(string approvalId, string? correctedArguments = null, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNullOrWhitespace(approvalId);
        using JsonDocument? corrected = correctedArguments is null ? null : JsonDocument.Parse(correctedArguments);
        await StartAsync(cancellationToken).ConfigureAwait(false);
        ApprovalRequest decided = corrected is null
            ? await Approvals.ApproveAsync(approvalId, Operator, cancellationToken: cancellationToken).ConfigureAwait(false)
            : await Approvals.ApproveAsync(approvalId, Operator, corrected.RootElement, cancellationToken).ConfigureAwait(false);

        await WaitForAgentRunAsync(decided, cancellationToken).ConfigureAwait(false);
        return decided;
    }

    /// <summary>Approves the one pending approval that matches, as <see cref="ApproveAsync(string, string?, CancellationToken)"/> does.</summary>
    /// <param name="match">Selects the approval.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The approval with its outcome.</returns>
    /// <exception cref="ScenarioAssertionException">None, or more than one, pending approval matches.</exception>
    public async Task<ApprovalRequest> ApproveAsync(Func<ApprovalRequest, bool> match, CancellationToken cancellationToken = default)
    {
        ApprovalRequest pending = await FindPendingAsync(Throw.IfNull(match), "matching", cancellationToken).ConfigureAwait(false);
        return await ApproveAsync(pending.Id, correctedArguments: null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Approves a pending approval with corrected arguments (the operator edited the action), executes it, and lets the agent run continue.</summary>
    /// <param name="approvalId">The approval id.</param>
    /// <param name="correctedArguments">The arguments to execute, as JSON; they must pass the capability's schema.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The approval with its outcome.</returns>
    public Task<ApprovalRequest> EditAndApproveAsync(string approvalId, string correctedArguments, CancellationToken cancellationToken = default) =>
        ApproveAsync(approvalId, Throw.IfNullOrWhitespace(correctedArguments), cancellationToken);

    /// <summary>Rejects a pending approval as the operator and lets the agent run waiting on it continue, told it was rejected, as a host would.</summary>
    /// <param name="approvalId">The approval id.</param>
    /// <param name="reason">Why, as the operator says it; the agent sees it.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The rejected approval, once the agent run (if any) continued as far as it could.</returns>
    /// <exception cref="ApprovalNotFoundException">No approval has that id.</exception>
    /// <exception cref="ApprovalStateException">The approval is not pending (decided, expired).</exception>
    /// <exception cref="ScenarioAssertionException">The agent run did not continue within 30 seconds.</exception>
    public async Task<ApprovalRequest> RejectAsync(string approvalId, string reason = "Rejected by the operator.", CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNullOrWhitespace(approvalId);
        _ = Throw.IfNullOrWhitespace(reason);
        await StartAsync(cancellationToken).ConfigureAwait(false);
        ApprovalRequest decided = await Approvals.RejectAsync(approvalId, Operator, reason, cancellationToken).ConfigureAwait(false);
        await WaitForAgentRunAsync(decided, cancellationToken).ConfigureAwait(false);
        return decided;
    }

    /// <summary>Rejects the one pending approval that matches, as <see cref="RejectAsync(string, string, CancellationToken)"/> does.</summary>
    /// <param name="match">Selects the approval.</param>
    /// <param name="reason">Why.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The rejected approval.</returns>
    /// <exception cref="ScenarioAssertionException">None, or more than one, pending approval matches.</exception>
    public async Task<ApprovalRequest> RejectAsync(Func<ApprovalRequest, bool> match, string reason = "Rejected by the operator.", CancellationToken cancellationToken = default)
    {
        ApprovalRequest pending = await FindPendingAsync(Throw.IfNull(match), "matching", cancellationToken).ConfigureAwait(false);
        return await RejectAsync(pending.Id, reason, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lists the memory versions recorded since the scenario started, superseded ones included.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The memory changes, oldest first.</returns>
    public Task<IReadOnlyList<MemoryRecord>> GetMemoryChangesAsync(CancellationToken cancellationToken = default) =>
        Memory.QueryAsync(new MemoryQuery { RecordedFrom = _started, IncludeSuperseded = true }, cancellationToken);

    /// <summary>Expects at least one proposal of a capability to have been decided with a verdict.</summary>
    /// <param name="capability">The capability.</param>
    /// <param name="verdict">The expected verdict.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The matching proposals.</returns>
    /// <exception cref="ScenarioAssertionException">No proposal of the capability had that verdict.</exception>
    public async Task<IReadOnlyList<ScenarioProposal>> ExpectDecisionAsync(string capability, PolicyVerdict verdict, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<ScenarioProposal> proposals = await GetProposalsAsync(cancellationToken).ConfigureAwait(false);
        List<ScenarioProposal> matching = [.. proposals.Where(p => p.Capability == capability && p.Decision.Verdict == verdict)];
        if (matching.Count == 0)
        {
            throw new ScenarioAssertionException($"Expected a proposal of '{capability}' decided {verdict}; the scenario proposed:{Describe(proposals)}");
        }

        return matching;
    }

    /// <summary>Expects no proposal of a capability at all, by anyone.</summary>
    /// <param name="capability">The capability.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the expectation holds.</returns>
    /// <exception cref="ScenarioAssertionException">The capability was proposed.</exception>
    public async Task ExpectNotProposedAsync(string capability, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<ScenarioProposal> proposals = await GetProposalsAsync(cancellationToken).ConfigureAwait(false);
        int count = proposals.Count(p => p.Capability == capability);
        if (count > 0)
        {
            throw new ScenarioAssertionException($"Expected no proposal of '{capability}', but it was proposed {count} time(s):{Describe(proposals)}");
        }
    }

    /// <summary>Expects no effect of a capability to have happened on the recording connector.</summary>
    /// <param name="capability">The capability.</param>
    /// <exception cref="ScenarioAssertionException">The capability had an effect.</exception>
    public void ExpectNoEffect(string capability)
    {
        int count = Connector.Effects.Count(e => e.Capability == capability);
        if (count > 0)
        {
            throw new ScenarioAssertionException($"Expected no effect of '{capability}', but it happened {count} time(s).");
        }
    }

    /// <summary>Expects a capability's effect to have happened exactly a number of times.</summary>
    /// <param name="capability">The capability.</param>
    /// <param name="times">How many times.</param>
    /// <returns>The effects.</returns>
    /// <exception cref="ScenarioAssertionException">It happened another number of times.</exception>
    public IReadOnlyList<OperationRequest> ExpectEffect(string capability, int times = 1)
    {
        List<OperationRequest> effects = [.. Connector.Effects.Where(e => e.Capability == capability)];
        if (effects.Count != times)
        {
            throw new ScenarioAssertionException($"Expected '{capability}' to happen {times} time(s), but it happened {effects.Count} time(s).");
        }

        return effects;
    }

    /// <summary>Expects memory to hold a current record.</summary>
    /// <param name="entity">The entity.</param>
    /// <param name="attribute">The attribute.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The record.</returns>
    /// <exception cref="ScenarioAssertionException">There is none.</exception>
    public async Task<MemoryRecord> ExpectMemoryAsync(string entity, string attribute, CancellationToken cancellationToken = default)
    {
        MemoryRecord? record = await Memory.GetAsync(entity, attribute, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            IReadOnlyList<MemoryRecord> changes = await GetMemoryChangesAsync(cancellationToken).ConfigureAwait(false);
            throw new ScenarioAssertionException($"Expected memory to hold {entity} / {attribute}; the scenario recorded: " +
                (changes.Count == 0 ? "nothing." : string.Join(", ", changes.Select(r => $"{r.Entity} / {r.Attribute} v{r.Version}"))));
        }

        return record;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_hosted is { } hosted)
        {
            foreach (IHostedService service in hosted.Reverse())
            {
                await service.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }

        _starting.Dispose();
        await _provider.DisposeAsync().ConfigureAwait(false);
    }

    private static string? RunState(MemoryRecord? index) =>
        index?.Value is { ValueKind: JsonValueKind.Object } value && value.TryGetProperty("state", out JsonElement state) ? state.GetString() : null;

    private static string Describe(IEnumerable<ApprovalRequest> approvals)
    {
        var text = new StringBuilder();
        foreach (ApprovalRequest request in approvals)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  - {request.Id}: {request.Proposal.Capability} by {request.Proposal.Proposer}, {request.Status}");
        }

        return text.Length == 0 ? " none." : text.ToString();
    }

    private async Task<ApprovalRequest> FindPendingAsync(Func<ApprovalRequest, bool> match, string what, CancellationToken cancellationToken)
    {
        IReadOnlyList<ApprovalRequest> pending = await Approvals.ListPendingAsync(cancellationToken).ConfigureAwait(false);
        List<ApprovalRequest> matching = [.. pending.Where(match)];
        return matching.Count == 1
            ? matching[0]
            : throw new ScenarioAssertionException($"Expected one pending approval {what}, found {matching.Count}; pending:{Describe(pending)}");
    }

    /// <summary>Waits until the agent run of the decided approval's intent, if one is checkpointed, has nothing left for the resume service to do.</summary>
    private async Task WaitForAgentRunAsync(ApprovalRequest decided, CancellationToken cancellationToken)
    {
        if (decided.Proposal.IntentId is not { } intentId)
        {
            return;
        }

        long began = TimeProvider.System.GetTimestamp();
        while (true)
        {
            MemoryRecord? index = await Memory.GetAsync(AgentRunsEntity, intentId, cancellationToken).ConfigureAwait(false);
            string? state = RunState(index);
            if (state is null or "done" || (state == "waiting" && await WaitsOnOperatorAsync(intentId, cancellationToken).ConfigureAwait(false)))
            {
                return;
            }

            // "waiting" with every approval decided: the resume service is about to continue it; "running": it is continuing now.
            TimeSpan elapsed = TimeProvider.System.GetElapsedTime(began);
            if (elapsed > ResumeTimeout)
            {
                throw new ScenarioAssertionException(
                    $"The agent run of intent '{intentId}' did not continue within {ResumeTimeout.TotalSeconds:0} s of deciding approval '{decided.Id}' (it is {state}); see the log of the agent-run resume service.");
            }

            await Task.Delay(ResumePoll, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> WaitsOnOperatorAsync(string intentId, CancellationToken cancellationToken)
    {
        IReadOnlyList<ApprovalRequest> pending = await Approvals.ListPendingAsync(cancellationToken).ConfigureAwait(false);
        return pending.Any(r => r.Proposal.IntentId == intentId);
    }

    private static string Describe(IReadOnlyList<ScenarioProposal> proposals)
    {
        if (proposals.Count == 0)
        {
            return " nothing.";
        }

        var text = new StringBuilder();
        foreach (ScenarioProposal proposal in proposals)
        {
            PolicyDecision decision = proposal.Decision;
            text.Append(CultureInfo.InvariantCulture, $"\n  - {proposal.Capability} by {proposal.Proposer}: {decision.Verdict} by '{decision.RuleId}' ({decision.Reason})");
            if (proposal.Approval is { } approval)
            {
                text.Append(CultureInfo.InvariantCulture, $", approval {approval.Status}");
            }

            if (proposal.Outcome is { } outcome)
            {
                text.Append(CultureInfo.InvariantCulture, $", done: {outcome}");
            }
        }

        return text.ToString();
    }
}
