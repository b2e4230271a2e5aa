using System.Text.Json;
using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>Decision records for every proposal: those of flow steps that ran at once are read from their flows' journal streams, all others from the kernel's <see cref="DecisionRecords"/>.</summary>
/// <remarks>
/// <para>A flow step policy lets run at once is journaled by its instance alone: its <see cref="FlowEventTypes.StepStarted"/> record holds the
/// proposal and every policy verdict, written before the effect, and its <see cref="FlowEventTypes.StepCompleted"/> record the outcome. No
/// decision fact or outcome fact is written for it, so this reads the records back: by id (a step's proposal id is its token,
/// <c>flow:{instance}:{transition}.{step}</c>), or by item (the correlation id of the instance, or the step's own id when the
/// instance has none, as the kernel files any proposal).</para>
/// <para>Records of an item are listed in the order they were decided (by time; of two decided at the same instant, the kernel's first).</para>
/// </remarks>
internal sealed class FlowDecisionRecords : IDecisionRecords
{
    private readonly IDecisionRecords _kernel;
    private readonly Journal _journal;
    private readonly MemoryStore _memory;

    public FlowDecisionRecords(DecisionRecords kernel, Journal journal, MemoryStore memory)
    {
        _kernel = kernel;
        _journal = journal;
        _memory = memory;
    }

    public async Task<DecisionRecord?> GetAsync(string proposalId, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNullOrWhitespace(proposalId);
        return await _kernel.GetAsync(proposalId, cancellationToken).ConfigureAwait(false)
            ?? await FindStepAsync(proposalId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<DecisionRecord>> ListForItemAsync(string correlationId, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNullOrWhitespace(correlationId);
        IReadOnlyList<DecisionRecord> kernel = await _kernel.ListForItemAsync(correlationId, cancellationToken).ConfigureAwait(false);
        var records = new List<DecisionRecord>(kernel);
        if (await FindStepAsync(correlationId, cancellationToken).ConfigureAwait(false) is { CorrelationId: null } alone)
        {
            records.Add(alone);
        }

        foreach (MemoryRecord indexed in await _memory.GetEntityAsync(FlowIndex.Entity, cancellationToken).ConfigureAwait(false))
        {
            FlowIndexEntry entry = FlowIndex.Read(indexed);
            if (entry.CorrelationId == correlationId)
            {
                records.AddRange(await ReadStepsAsync(entry.InstanceId, proposalId: null, cancellationToken).ConfigureAwait(false));
            }
        }

        // OrderBy is stable: records decided at the same instant keep the order they were read in.
        return [.. records.OrderBy(r => r.DecidedAt)];
    }

    // The instance a token names: the id between "flow:" and a ':' before "{seq}.{step}"; an id may hold ':' itself, so each
    // candidate that the flow index knows is tried.
    private async Task<DecisionRecord?> FindStepAsync(string proposalId, CancellationToken cancellationToken)
    {
        const string Prefix = "flow:";
        if (!proposalId.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        for (int colon = proposalId.IndexOf(':', Prefix.Length); colon > 0; colon = proposalId.IndexOf(':', colon + 1))
        {
            string instanceId = proposalId[Prefix.Length..colon];
            if (instanceId.Length == 0 || await _memory.GetAsync(FlowIndex.Entity, instanceId, cancellationToken).ConfigureAwait(false) is null)
            {
                continue;
            }

            if ((await ReadStepsAsync(instanceId, proposalId, cancellationToken).ConfigureAwait(false)) is [var found, ..])
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>Folds an instance's stream and returns the decision record of each step that ran at once (or the one with the given id), with its outcome when recorded.</summary>
    private async Task<List<DecisionRecord>> ReadStepsAsync(string instanceId, string? proposalId, CancellationToken cancellationToken)
    {
        var records = new List<DecisionRecord>();
        FlowCheckpoint? cp = null;
        await foreach (JournalEvent e in _journal.ReadStreamAsync(FlowEventTypes.StreamOf(instanceId), cancellationToken).ConfigureAwait(false))
        {
            if (e.Payload.ValueKind != JsonValueKind.Object)
            {
                // Flow events are never pruned by retention; a stream that was cannot be folded past this point.
                break;
            }

            foreach (FlowRecord record in FlowRecord.Read(e))
            {
                JsonElement p = record.Payload;
                string? id = p.TryGetProperty("proposalId", out JsonElement value) ? value.GetString() : null;
                if (cp is not null && id is not null && (proposalId is null || id == proposalId))
                {
                    if (record.Type == FlowEventTypes.StepStarted)
                    {
                        // A step started again (a retry, a resume) was decided again: its latest decision is its record.
                        DecisionRecord decided = Read(cp, p, record.At);
                        int earlier = records.FindIndex(r => r.ProposalId == id);
                        if (earlier >= 0)
                        {
                            records[earlier] = decided;
                        }
                        else
                        {
                            records.Add(decided);
                        }
                    }
                    else if (record.Type == FlowEventTypes.StepCompleted && records.FindLastIndex(r => r.ProposalId == id) is >= 0 and int index)
                    {
                        records[index] = records[index] with { Outcome = p.TryGetProperty("summary", out JsonElement summary) ? summary.GetString() : null };
                    }
                }

                cp = FlowHistory.ApplyRecord(cp, instanceId, record.Type, p, e.Payload, e.Sequence);
            }
        }

        return records;
    }

    private static DecisionRecord Read(FlowCheckpoint cp, JsonElement p, DateTimeOffset decidedAt)
    {
        string step = p.GetProperty("step").GetString()!;
        PolicyDecision[] verdicts = [.. p.GetProperty("rules").EnumerateArray().Select(r => new PolicyDecision(Enum.Parse<PolicyVerdict>(r.GetProperty("verdict").GetString()!), r.GetProperty("rule").GetString()!, r.GetProperty("reason").GetString()!))];
        var verdict = Enum.Parse<PolicyVerdict>(p.GetProperty("verdict").GetString()!);
        string rule = p.GetProperty("rule").GetString()!;

        // The deciding verdict is one of the list (the strictest, the first of equals); its reason is written there.
        PolicyDecision decision = Array.Find(verdicts, v => v.Verdict == verdict && v.RuleId == rule) ?? new PolicyDecision(verdict, rule, string.Empty);
        return new DecisionRecord(
            p.GetProperty("proposalId").GetString()!,
            p.GetProperty("capability").GetString()!,
            p.GetProperty("arguments").Clone(),
            cp.FlowName,
            ActorKind.Flow,
            decision,
            verdicts,
            decidedAt)
        {
            Rationale = p.TryGetProperty("rationale", out JsonElement rationale)
                ? rationale.GetString()
                : FlowMachine.DefaultRationale(cp.FlowName, cp.FlowVersion, cp.State, cp.Pending?.Trigger ?? "?", step),
            Taint = Enum.Parse<TrustLevel>(p.GetProperty("taint").GetString()!),
            CorrelationId = cp.CorrelationId,
            InputReferences = cp.InputReferences,
        };
    }
}
