using System.Text.Json;
using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>Keeps a decision record per governed proposal as a memory Fact (<c>decision/{proposalId}</c>, <c>record</c>) and reads them back by id or by item.</summary>
/// <remarks>
/// The record is written once, when policy decides; the approval and the outcome are looked up when it is read, so it never
/// goes stale. Records of an item are found through the journal's stream for its correlation id.
/// </remarks>
internal sealed class DecisionRecords : IDecisionRecords
{
    public const string Attribute = "record";

    private readonly MemoryStore _memory;
    private readonly Journal _journal;
    private readonly ApprovalStore _approvals;

    public DecisionRecords(MemoryStore memory, Journal journal, ApprovalStore approvals)
    {
        _memory = memory;
        _journal = journal;
        _approvals = approvals;
    }

    public static string EntityOf(string proposalId) => $"decision/{proposalId}";

    public async Task RecordAsync(ActionProposal proposal, PolicyEvaluation evaluation, DateTimeOffset decidedAt, CancellationToken cancellationToken)
    {
        JsonElement value = JsonOutput.Build(w =>
        {
            w.WriteStartObject();
            w.WriteString("proposalId", proposal.Id);
            w.WriteString("capability", proposal.Capability);
            w.WritePropertyName("arguments");
            proposal.Arguments.WriteTo(w);
            w.WriteString("proposer", proposal.Proposer);
            w.WriteString("proposerKind", proposal.ProposerKind.ToString());
            w.WriteString("rationale", proposal.Rationale);
            w.WriteNumber("confidence", proposal.Confidence);
            w.WriteString("modelId", proposal.ModelId);
            w.WriteString("taint", proposal.Taint.ToString());
            w.WriteString("intentId", proposal.IntentId);
            w.WriteString("correlationId", proposal.CorrelationId);
            w.WriteStartArray("inputs");
            foreach (string input in proposal.InputReferences)
            {
                w.WriteStringValue(input);
            }

            w.WriteEndArray();
            w.WriteString("decidedAt", decidedAt);
            WriteDecision(w, "decision", evaluation.Decision);
            w.WriteStartArray("verdicts");
            foreach (PolicyDecision verdict in evaluation.Verdicts)
            {
                WriteDecision(w, null, verdict);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
        var provenance = new Provenance(proposal.ProposerKind, proposal.Proposer) { ModelId = proposal.ModelId, InputReferences = proposal.InputReferences };
        _ = await _memory.WriteAsync(new MemoryWrite(EntityOf(proposal.Id), Attribute, MemoryKind.Fact, value, provenance), cancellationToken).ConfigureAwait(false);
    }

    public async Task<DecisionRecord?> GetAsync(string proposalId, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNullOrWhitespace(proposalId);
        MemoryRecord? record = await _memory.GetAsync(EntityOf(proposalId), Attribute, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return null;
        }

        DecisionRecord decision = Read(record.Value);
        Dictionary<string, string> approvals = await ScanAsync(decision.CorrelationId ?? proposalId, null, cancellationToken).ConfigureAwait(false);
        return await CompleteAsync(decision, approvals, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<DecisionRecord>> ListForItemAsync(string correlationId, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNullOrWhitespace(correlationId);
        var ids = new List<string>();
        Dictionary<string, string> approvals = await ScanAsync(correlationId, ids, cancellationToken).ConfigureAwait(false);
        var records = new List<DecisionRecord>(ids.Count);
        foreach (string id in ids)
        {
            if (await _memory.GetAsync(EntityOf(id), Attribute, cancellationToken).ConfigureAwait(false) is { } record)
            {
                records.Add(await CompleteAsync(Read(record.Value), approvals, cancellationToken).ConfigureAwait(false));
            }
        }

        return records;
    }

    // One pass over the item's stream: the proposals decided for it, in order, and the approval each one asked for.
    private async Task<Dictionary<string, string>> ScanAsync(string correlationId, List<string>? decided, CancellationToken cancellationToken)
    {
        var approvals = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (JournalEvent e in _journal.ReadStreamAsync(KernelJournal.StreamOf(correlationId), cancellationToken).ConfigureAwait(false))
        {
            // A payload retention dropped names nothing.
            if (e.Payload.ValueKind != JsonValueKind.Object || !e.Payload.TryGetProperty("proposalId", out JsonElement id) || id.GetString() is not { } proposalId)
            {
                continue;
            }

            if (e.Type == JournalEventTypes.PolicyDecided && decided is not null && !decided.Contains(proposalId))
            {
                decided.Add(proposalId);
            }
            else if (e.Type == JournalEventTypes.ApprovalRequested && e.Payload.TryGetProperty("approvalId", out JsonElement approvalId) && approvalId.GetString() is { } found)
            {
                approvals[proposalId] = found;
            }
        }

        return approvals;
    }

    // The approval and the outcome as they stand now.
    private async Task<DecisionRecord> CompleteAsync(DecisionRecord decision, Dictionary<string, string> approvals, CancellationToken cancellationToken)
    {
        ApprovalRequest? approval = approvals.TryGetValue(decision.ProposalId, out string? approvalId)
            ? await _approvals.GetAsync(approvalId, cancellationToken).ConfigureAwait(false)
            : null;
        MemoryRecord? outcome = await _memory.GetAsync($"action/{decision.ProposalId}", "outcome", cancellationToken).ConfigureAwait(false);
        return decision with
        {
            ApprovalId = approval?.Id,
            ApprovalStatus = approval?.Status,
            Outcome = outcome?.Value.ValueKind == JsonValueKind.Object && outcome.Value.TryGetProperty("summary", out JsonElement summary) ? summary.GetString() : null,
        };
    }

    private static void WriteDecision(Utf8JsonWriter writer, string? name, PolicyDecision decision)
    {
        if (name is null)
        {
            writer.WriteStartObject();
        }
        else
        {
            writer.WriteStartObject(name);
        }

        writer.WriteString("verdict", decision.Verdict.ToString());
        writer.WriteString("rule", decision.RuleId);
        writer.WriteString("reason", decision.Reason);
        writer.WriteEndObject();
    }

    private static PolicyDecision ReadDecision(JsonElement element) =>
        new(Enum.Parse<PolicyVerdict>(element.GetProperty("verdict").GetString()!), element.GetProperty("rule").GetString()!, element.GetProperty("reason").GetString()!);

    private static DecisionRecord Read(JsonElement value) =>
        new(
            value.GetProperty("proposalId").GetString()!,
            value.GetProperty("capability").GetString()!,
            value.GetProperty("arguments").Clone(),
            value.GetProperty("proposer").GetString()!,
            Enum.Parse<ActorKind>(value.GetProperty("proposerKind").GetString()!),
            ReadDecision(value.GetProperty("decision")),
            [.. value.GetProperty("verdicts").EnumerateArray().Select(ReadDecision)],
            value.GetProperty("decidedAt").GetDateTimeOffset())
        {
            Rationale = value.GetProperty("rationale").GetString(),
            Confidence = value.GetProperty("confidence").GetDouble(),
            ModelId = value.GetProperty("modelId").GetString(),
            Taint = Enum.Parse<TrustLevel>(value.GetProperty("taint").GetString()!),
            IntentId = value.GetProperty("intentId").GetString(),
            CorrelationId = value.GetProperty("correlationId").GetString(),
            InputReferences = [.. value.GetProperty("inputs").EnumerateArray().Select(i => i.GetString()!)],
        };
}
