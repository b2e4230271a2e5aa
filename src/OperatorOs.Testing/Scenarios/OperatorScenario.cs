using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
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
/// await scenario.ExpectDecisionAsync("mail.send", PolicyVerdict.NeedsApproval);
/// scenario.ExpectNoEffect("mail.send");
/// </code>
/// </example>
public sealed class OperatorScenario : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly DateTimeOffset _started;
    private readonly List<ProposalResult> _proposals = [];
    private readonly Lock _gate = new();
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
        IntentResult result = await Kernel.SubmitAsync(intent, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _proposals.AddRange(result.Proposals);
        }

        return result;
    }

    /// <summary>Lists every proposal made through <see cref="SubmitAsync"/> so far, with its approval as it stands now.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The proposals, in the order they were made.</returns>
    public async Task<IReadOnlyList<ScenarioProposal>> GetProposalsAsync(CancellationToken cancellationToken = default)
    {
        ProposalResult[] made;
        lock (_gate)
        {
            made = [.. _proposals];
        }

        var proposals = new List<ScenarioProposal>(made.Length);
        foreach (ProposalResult result in made)
        {
            ApprovalRequest? approval = result.ApprovalId is { } id ? await Approvals.GetAsync(id, cancellationToken).ConfigureAwait(false) : null;
            proposals.Add(new ScenarioProposal(result, approval));
        }

        return proposals;
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
        List<ScenarioProposal> matching = [.. proposals.Where(p => p.Capability == capability && p.Decision?.Verdict == verdict)];
        if (matching.Count == 0)
        {
            throw new ScenarioAssertionException($"Expected a proposal of '{capability}' decided {verdict}; the scenario proposed:{Describe(proposals)}");
        }

        return matching;
    }

    /// <summary>Expects no proposal of a capability at all.</summary>
    /// <param name="capability">The capability.</param>
    /// <exception cref="ScenarioAssertionException">The capability was proposed.</exception>
    public void ExpectNotProposed(string capability)
    {
        lock (_gate)
        {
            if (_proposals.Any(p => p.Proposal.Capability == capability))
            {
                throw new ScenarioAssertionException($"Expected no proposal of '{capability}', but it was proposed {_proposals.Count(p => p.Proposal.Capability == capability)} time(s).");
            }
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
    public ValueTask DisposeAsync() => _provider.DisposeAsync();

    private static string Describe(IReadOnlyList<ScenarioProposal> proposals)
    {
        if (proposals.Count == 0)
        {
            return " nothing.";
        }

        var text = new StringBuilder();
        foreach (ScenarioProposal proposal in proposals)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  - {proposal.Capability}: {proposal.Result.Status}");
            if (proposal.Decision is { } decision)
            {
                text.Append(CultureInfo.InvariantCulture, $" ({decision.Verdict} by '{decision.RuleId}': {decision.Reason})");
            }
        }

        return text.ToString();
    }
}
