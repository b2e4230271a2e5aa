using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>
/// Keeps each (agent, capability) standing as a memory Fact and moves it on approval outcomes and operator decisions.
/// Every update is a compare-and-swap on the record's version (<see cref="MemoryWrite.ExpectedVersion"/>), retried on conflict,
/// so concurrent approvals never lose a count; with a durable <see cref="MemoryStore"/> the levels survive restarts.
/// </summary>
/// <remarks>
/// The decision path reads levels through <see cref="TrustStandingCache"/>: this ladder's writes replace the cached standing at
/// once, and a standing written by another process on the same store is read again within
/// <see cref="TrustLadderOptions.StandingRefreshInterval"/>. <see cref="GetAsync"/> and <see cref="ListAsync"/> always read memory.
/// </remarks>
internal sealed class TrustLadder : ITrustLadder, IDisposable
{
    private const int MaxAttempts = 16;
    private const string SystemActor = "trust-ladder";

    private readonly MemoryStore _memory;
    private readonly KernelJournal _journal;
    private readonly IEffectivePolicySource _policy;
    private readonly AgentRegistry? _agents;
    private readonly TrustStandingCache _cache;

    public TrustLadder(MemoryStore memory, KernelJournal journal, IEffectivePolicySource policy, AgentRegistry? agents = null, TimeProvider? timeProvider = null)
    {
        _agents = agents;
        _memory = memory;
        _journal = journal;
        _policy = policy;
        _cache = new TrustStandingCache(timeProvider ?? TimeProvider.System);
    }

    // The code's settings merged with the policy file's; a reloaded file applies to the next decision.
    private TrustLadderOptions Options => _policy.Current.Trust;

    /// <summary>Returns the level a value the ladder cannot read counts as: never more than the starting level, and never more than Propose.</summary>
    public static AgentTrustLevel FallbackLevel(AgentTrustLevel initial) => initial < AgentTrustLevel.Propose ? initial : AgentTrustLevel.Propose;

    public async Task<TrustStanding> GetAsync(string agent, string capability, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNullOrWhitespace(agent);
        _ = Throw.IfNullOrWhitespace(capability);
        TrustSlot slot = _cache.Slot(agent, capability);
        TrustSnapshot? seen = slot.Snapshot;
        long epoch = _cache.BeginRead(Options.StandingRefreshInterval);
        MemoryRecord? record = await _memory.GetAsync(TrustFact.EntityOf(agent), TrustFact.AttributeOf(capability), cancellationToken).ConfigureAwait(false);
        _ = slot.TryStore(TrustSnapshot.Of(record, epoch), seen);
        return Read(agent, capability, record);
    }

    /// <summary>Returns the slot that caches a pair's standing for the decision path.</summary>
    public TrustSlot Slot(string agent, string capability) => _cache.Slot(agent, capability);

    /// <summary>Returns the level the decision path uses for a pair: the cached standing while it is fresh, else the one in memory now.</summary>
    public ValueTask<AgentTrustLevel> GetLevelAsync(string agent, string capability, CancellationToken cancellationToken)
    {
        TrustSlot slot = _cache.Slot(agent, capability);
        return slot.TryGetFresh(out TrustSnapshot? snapshot)
            ? ValueTask.FromResult(LevelOf(snapshot, agent, capability))
            : ReadLevelAsync(slot, cancellationToken);

        async ValueTask<AgentTrustLevel> ReadLevelAsync(TrustSlot slot, CancellationToken cancellationToken)
        {
            TrustSnapshot read = await RefreshAsync(slot, cancellationToken).ConfigureAwait(false);
            return LevelOf(read, slot.Agent, slot.Capability);
        }
    }

    /// <summary>Reads a pair's standing from memory into its slot, and returns what the slot holds afterwards.</summary>
    public async ValueTask<TrustSnapshot> RefreshAsync(TrustSlot slot, CancellationToken cancellationToken)
    {
        TrustSnapshot? seen = slot.Snapshot;
        long epoch = _cache.BeginRead(Options.StandingRefreshInterval);
        MemoryRecord? record = await _memory.GetAsync(TrustFact.EntityOf(slot.Agent), TrustFact.AttributeOf(slot.Capability), cancellationToken).ConfigureAwait(false);
        return slot.TryStore(TrustSnapshot.Of(record, epoch), seen);
    }

    public void Dispose() => _cache.Dispose();

    public async Task<IReadOnlyList<TrustStanding>> ListAsync(CancellationToken cancellationToken = default)
    {
        IReadOnlyList<MemoryRecord> facts = await _memory.QueryAsync(new MemoryQuery { Kind = MemoryKind.Fact }, cancellationToken).ConfigureAwait(false);
        return facts.Where(TrustFact.IsTrustRecord)
            .Select(record => TrustFact.FromRecord(record, Fallback(record.Entity[TrustFact.EntityPrefix.Length..], record.Attribute[TrustFact.AttributePrefix.Length..])))
            .OrderBy(standing => standing.Agent, StringComparer.Ordinal)
            .ThenBy(standing => standing.Capability, StringComparer.Ordinal)
            .ToList();
    }

    public Task<TrustStanding> PromoteAsync(string agent, string capability, string decidedBy, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNullOrWhitespace(agent);
        _ = Throw.IfNullOrWhitespace(capability);
        _ = Throw.IfNullOrWhitespace(decidedBy);
        return UpdateAsync(agent, capability, new Provenance(ActorKind.Operator, decidedBy), decidedBy, correlationId: null, current => TrustRules.Promote(current, decidedBy), cancellationToken);
    }

    public Task<TrustStanding> DemoteAsync(string agent, string capability, string decidedBy, string reason, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNullOrWhitespace(agent);
        _ = Throw.IfNullOrWhitespace(capability);
        _ = Throw.IfNullOrWhitespace(decidedBy);
        _ = Throw.IfNull(reason);
        return UpdateAsync(agent, capability, new Provenance(ActorKind.Operator, decidedBy), decidedBy, correlationId: null, current => TrustRules.Demote(current, reason), cancellationToken);
    }

    /// <summary>Learns from an operator's decision on an agent's proposal: approved as proposed, approved with a correction, or rejected.</summary>
    /// <remarks>Decisions on proposals from flows or the operator, and expiries, teach the ladder nothing.</remarks>
    public Task RecordDecisionAsync(ApprovalRequest request, CancellationToken cancellationToken)
    {
        ActionProposal proposal = request.Proposal;
        if (proposal.ProposerKind != ActorKind.Agent || request.Status is not (ApprovalStatus.Approved or ApprovalStatus.Rejected))
        {
            return Task.CompletedTask;
        }

        string decidedBy = request.DecidedBy ?? SystemActor;
        var provenance = new Provenance(ActorKind.Operator, decidedBy)
        {
            ApprovalId = request.Id,
            InputReferences = [$"proposal/{proposal.Id}"],
            ModelId = proposal.ModelId,
        };
        TrustLadderOptions options = Options;

        // An agent that said it was unsure and asked for review did its job: fixing or refusing that work is not held against it.
        bool askedForReview = _agents?.Find(proposal.Proposer)?.Escalation is { } escalation && proposal.Confidence < escalation.ConfidenceThreshold;
        bool faulted = request.Status == ApprovalStatus.Rejected || request.CorrectedArguments is not null;
        Func<TrustStanding, TrustTransition> step = askedForReview && faulted
            ? current => TrustRules.Reviewed(current)
            : request.Status == ApprovalStatus.Approved
                ? current => TrustRules.Approved(current, request.CorrectedArguments is not null, options)
                : current => TrustRules.Rejected(current, request.DecisionReason ?? "no reason given");
        return UpdateAsync(proposal.Proposer, proposal.Capability, provenance, decidedBy, KernelJournal.CorrelationOf(proposal), step, cancellationToken);
    }

    private async Task<TrustStanding> UpdateAsync(
        string agent,
        string capability,
        Provenance provenance,
        string decidedBy,
        string? correlationId,
        Func<TrustStanding, TrustTransition> step,
        CancellationToken cancellationToken)
    {
        string entity = TrustFact.EntityOf(agent);
        string attribute = TrustFact.AttributeOf(capability);
        for (int attempt = 1; ; attempt++)
        {
            MemoryRecord? record = await _memory.GetAsync(entity, attribute, cancellationToken).ConfigureAwait(false);
            TrustStanding current = Read(agent, capability, record);
            TrustTransition transition = step(current);
            if (transition.Next == current)
            {
                return current;
            }

            var write = new MemoryWrite(entity, attribute, MemoryKind.Fact, TrustFact.ToJson(transition.Next), provenance)
            {
                ExpectedVersion = record?.Version ?? 0,
            };
            MemoryRecord written;
            try
            {
                written = await _memory.WriteAsync(write, cancellationToken).ConfigureAwait(false);
            }
            catch (MemoryConflictException) when (attempt < MaxAttempts)
            {
                // Someone else moved the standing first: re-read and apply the event to theirs.
                continue;
            }

            // The next decision in this process sees the change, whatever the refresh interval.
            _ = _cache.Slot(agent, capability).TryStore(TrustSnapshot.Of(written, _cache.BeginRead(Options.StandingRefreshInterval)), seen: null);
            TrustStanding next = transition.Next with { Version = written.Version, RecordedAt = written.RecordedAt };
            if (transition.EventType is { } type)
            {
                await _journal.TrustChangedAsync(type, current, next, decidedBy, transition.Reason, correlationId, cancellationToken).ConfigureAwait(false);
            }

            return next;
        }
    }

    private TrustStanding Read(string agent, string capability, MemoryRecord? record) =>
        record is null
            ? new TrustStanding(agent, capability, Options.InitialLevel(agent, capability))
            : TrustFact.FromRecord(record, Fallback(agent, capability));

    // A record the ladder cannot read never grants more than the starting level, and never more than Propose.
    private AgentTrustLevel Fallback(string agent, string capability) => FallbackLevel(Options.InitialLevel(agent, capability));

    private AgentTrustLevel LevelOf(TrustSnapshot snapshot, string agent, string capability)
    {
        AgentTrustLevel initial = Options.InitialLevel(agent, capability);
        return snapshot.Level(initial, FallbackLevel(initial));
    }
}
