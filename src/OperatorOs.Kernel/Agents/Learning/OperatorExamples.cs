using System.Text;
using System.Text.Json;

namespace OperatorOs;

/// <summary>Turns the operator's corrections and rejections of an agent's proposals into examples for its next prompts, newest first, within a token budget.</summary>
/// <remarks>
/// The approval queue keeps each as a memory Fact on the agent's entity (<c>agent/{name}</c>): an edit under
/// <c>correction/{capability}/{proposalId}</c>, a rejection under <c>rejection/{capability}/{proposalId}</c>. In shadow mode,
/// what the operator did instead of a shadowed proposal is kept as a correction the same way (<c>ShadowAgreement</c>), so
/// the agreement tally shows whether the agent learned. Only capabilities the role may still propose are shown.
/// </remarks>
internal static class OperatorExamples
{
    public const string CorrectionPrefix = "correction/";
    public const string RejectionPrefix = "rejection/";

    public static async Task<string?> DescribeAsync(MemoryStore memory, AgentRole role, IReadOnlyCollection<string> granted, CancellationToken cancellationToken)
    {
        if (role.CorrectionTokenBudget == 0)
        {
            return null;
        }

        IReadOnlyList<MemoryRecord> records = await memory.GetEntityAsync($"agent/{role.Name}", cancellationToken).ConfigureAwait(false);
        var text = new StringBuilder();
        long tokens = 0;
        foreach (MemoryRecord record in records.OrderByDescending(r => r.RecordedAt))
        {
            if (Describe(record, granted) is not { } line)
            {
                continue;
            }

            long cost = TokenEstimator.Count(line);
            if (tokens + cost > role.CorrectionTokenBudget)
            {
                break;
            }

            tokens += cost;
            text.Append(line).Append('\n');
        }

        return text.Length == 0
            ? null
            : "How the operator corrected or rejected your earlier proposals (newest first); do as they did:\n" + text.ToString();
    }

    private static string? Describe(MemoryRecord record, IReadOnlyCollection<string> granted)
    {
        bool correction = record.Attribute.StartsWith(CorrectionPrefix, StringComparison.Ordinal);
        if ((!correction && !record.Attribute.StartsWith(RejectionPrefix, StringComparison.Ordinal)) || record.Value.ValueKind != JsonValueKind.Object ||
            !record.Value.TryGetProperty("capability", out JsonElement capability) || capability.GetString() is not { } name || !granted.Contains(name) ||
            !record.Value.TryGetProperty("proposed", out JsonElement proposed))
        {
            return null;
        }

        if (correction && record.Value.TryGetProperty("corrected", out JsonElement corrected))
        {
            return $"- {name}: you proposed {proposed.GetRawText()}; the operator corrected it to {corrected.GetRawText()}.";
        }

        string reason = record.Value.TryGetProperty("reason", out JsonElement r) && r.GetString() is { Length: > 0 } text ? text : "no reason given";
        return correction ? null : $"- {name}: you proposed {proposed.GetRawText()}; the operator rejected it ({reason}).";
    }
}
