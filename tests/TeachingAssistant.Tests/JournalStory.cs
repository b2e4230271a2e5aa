using System.Text.Json;
using OperatorOs;

namespace TeachingAssistant.Tests;

/// <summary>The journal read back per proposal: who proposed what, with which taint and confidence, how policy decided, whether an approval preceded it, and whether it completed.</summary>
internal sealed class JournalStory
{
    public Dictionary<string, ProposalStory> Proposals { get; } = new(StringComparer.Ordinal);

    public static async Task<JournalStory> ReadAsync(Journal journal, CancellationToken cancellationToken)
    {
        var story = new JournalStory();
        var flowStarted = new HashSet<string>(StringComparer.Ordinal);
        await foreach (JournalEvent e in journal.ReadAsync(1, cancellationToken))
        {
            if (e.Stream.StartsWith("flow/", StringComparison.Ordinal) && e.Payload.ValueKind == JsonValueKind.Object)
            {
                story.ReadFlowSteps(e, flowStarted);
                continue;
            }

            if (e.Payload.ValueKind != JsonValueKind.Object || !e.Payload.TryGetProperty("proposalId", out JsonElement id))
            {
                continue;
            }

            string proposalId = id.GetString()!;
            if (e.Type == JournalEventTypes.ProposalCreated)
            {
                story.Proposals.TryAdd(proposalId, new ProposalStory(
                    proposalId,
                    e.Payload.GetProperty("capability").GetString()!,
                    e.Payload.GetProperty("proposer").GetString()!,
                    e.Payload.GetProperty("taint").GetString()!,
                    e.Payload.GetProperty("confidence").GetDouble(),
                    e.Payload.GetProperty("arguments").Clone(),
                    e.CorrelationId));
                continue;
            }

            if (!story.Proposals.TryGetValue(proposalId, out ProposalStory? proposal))
            {
                continue;
            }

            switch (e.Type)
            {
                case JournalEventTypes.PolicyDecided:
                    proposal.Verdict = e.Payload.GetProperty("verdict").GetString();
                    proposal.Rule = e.Payload.GetProperty("rule").GetString();
                    break;
                case JournalEventTypes.ApprovalApproved when e.Payload.GetProperty("status").GetString() == nameof(ApprovalStatus.Approved):
                    proposal.ApprovedBy = e.Payload.GetProperty("approvalId").GetString();
                    break;
                case JournalEventTypes.ActionStarted:
                    proposal.StartedWithApproval = e.Payload.GetProperty("approvalId").GetString();
                    break;
                case JournalEventTypes.ActionCompleted:
                    proposal.Completed = true;
                    break;
            }
        }

        return story;
    }

    // A flow step policy let run at once: its step-started record is the proposal and the decision, the step-completed record of that
    // proposal its effect; a step that went through an approval has the kernel's usual events.
    private void ReadFlowSteps(JournalEvent e, HashSet<string> started)
    {
        foreach (FlowRecord record in FlowRecord.Read(e))
        {
            JsonElement p = record.Payload;
            if (!p.TryGetProperty("proposalId", out JsonElement id) || id.GetString() is not { } proposalId)
            {
                continue;
            }

            if (record.Type == FlowEventTypes.StepStarted && started.Add(proposalId))
            {
                Proposals.TryAdd(proposalId, new ProposalStory(
                    proposalId,
                    p.GetProperty("capability").GetString()!,
                    e.Payload.GetProperty("flow").GetString()!,
                    p.GetProperty("taint").GetString()!,
                    1,
                    p.GetProperty("arguments").Clone(),
                    e.CorrelationId)
                {
                    Verdict = p.GetProperty("verdict").GetString(),
                    Rule = p.GetProperty("rule").GetString(),
                });
            }
            else if (record.Type == FlowEventTypes.StepCompleted && started.Contains(proposalId) && Proposals.TryGetValue(proposalId, out ProposalStory? story))
            {
                story.Completed = true;
            }
        }
    }
}
