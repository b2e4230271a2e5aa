using System.Text.Json;

namespace OperatorOs.Shell;

/// <summary>What the journal adds to an approval request: every policy rule that ruled on its proposal, and what became of its action.</summary>
internal sealed record ApprovalFacts(IReadOnlyList<PolicyDecision> Rules, JournalEvent? LastAction)
{
    /// <summary>Reads the proposal's correlation stream, where the kernel journals its story.</summary>
    public static async Task<ApprovalFacts> ReadAsync(Journal journal, ApprovalRequest request, CancellationToken cancellationToken)
    {
        ActionProposal proposal = request.Proposal;
        var rules = new List<PolicyDecision>();
        JournalEvent? lastAction = null;
        await foreach (JournalEvent e in journal.ReadStreamAsync(JournalStreams.OfProposal(proposal), cancellationToken).ConfigureAwait(false))
        {
            if (e.Payload.ValueKind != JsonValueKind.Object || Text(e.Payload, "proposalId") != proposal.Id)
            {
                continue;
            }

            if (e.Type == JournalEventTypes.PolicyDecided && e.Payload.TryGetProperty("rules", out JsonElement fired) && fired.ValueKind == JsonValueKind.Array)
            {
                rules.Clear();
                foreach (JsonElement rule in fired.EnumerateArray())
                {
                    if (Enum.TryParse(Text(rule, "verdict"), out PolicyVerdict verdict) && Text(rule, "rule") is { Length: > 0 } id)
                    {
                        rules.Add(new PolicyDecision(verdict, id, Text(rule, "reason") ?? string.Empty));
                    }
                }
            }
            else if (e.Type is JournalEventTypes.ActionStarted or JournalEventTypes.ActionCompleted or JournalEventTypes.ActionFailed)
            {
                lastAction = e;
            }
        }

        return new ApprovalFacts(rules, lastAction);
    }

    public static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
