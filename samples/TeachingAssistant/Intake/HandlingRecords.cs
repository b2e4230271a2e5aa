using System.Text.Json;
using OperatorOs;
using TeachingAssistant.Support;

namespace TeachingAssistant.Intake;

/// <summary>The intake's own records: one Fact per message or submission (attribute <c>handling</c>), the "already handled?" check of a resumed run.</summary>
internal static class HandlingRecords
{
    public const string Attribute = "handling";

    public const string Actor = "intake";

    public static Task<MemoryRecord?> GetAsync(MemoryStore memory, string entity, CancellationToken cancellationToken) =>
        memory.GetAsync(entity, Attribute, cancellationToken);

    public static Task<MemoryRecord> WriteAsync(MemoryStore memory, string entity, JsonElement value, IReadOnlyList<string> inputs, string? approvalId, CancellationToken cancellationToken) =>
        memory.WriteAsync(
            new MemoryWrite(entity, Attribute, MemoryKind.Fact, value, new Provenance(ActorKind.System, Actor) { InputReferences = inputs, ApprovalId = approvalId }),
            cancellationToken);

    /// <summary>Adds the operator's review to a handling record, as a new version.</summary>
    public static async Task AddReviewAsync(MemoryStore memory, string entity, ApprovalRequest decided, CancellationToken cancellationToken)
    {
        if (await GetAsync(memory, entity, cancellationToken) is not { } record || record.Value.TryGetProperty("review", out _))
        {
            return;
        }

        JsonElement review = Json.Element(w =>
        {
            w.WriteStartObject();
            w.WriteString("approvalId", decided.Id);
            w.WriteString("status", ReviewStatus(decided));
            w.WriteString("decidedBy", decided.DecidedBy);
            w.WriteString("reason", decided.DecisionReason);
            w.WriteEndObject();
        });
        string[] inputs = [.. record.Provenance.InputReferences, $"approval/{decided.Id}"];
        await WriteAsync(memory, entity, Json.With(record.Value, "review", review), inputs, decided.Id, cancellationToken);
    }

    public static string ReviewStatus(ApprovalRequest decided) => decided.Status switch
    {
        ApprovalStatus.Approved when decided.CorrectedArguments is not null => "corrected",
        ApprovalStatus.Approved => "approved",
        ApprovalStatus.Rejected => "rejected",
        ApprovalStatus.Expired => "expired",
        _ => "pending",
    };

    public static void WriteProposals(Utf8JsonWriter w, IReadOnlyList<ProposalResult> proposals)
    {
        w.WriteStartArray();
        foreach (ProposalResult result in proposals)
        {
            w.WriteStartObject();
            w.WriteString("id", result.Proposal.Id);
            w.WriteString("capability", result.Proposal.Capability);
            w.WriteString("path", Json.GetString(result.Proposal.Arguments, "path"));
            w.WriteString("status", result.Status.ToString());
            w.WriteNumber("confidence", Math.Round(result.Proposal.Confidence, 3));
            w.WriteString("rule", result.Evaluation?.Decision.RuleId);
            w.WriteString("approvalId", result.ApprovalId);
            w.WriteString("error", result.Error);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
