using System.Text.Json;

namespace OperatorOs.Shell;

/// <summary>How approval requests are shown: the status as of now (a pending request past its expiry shows as expired), and their JSON form.</summary>
internal static class ApprovalView
{
    /// <summary>Gets the status as of <paramref name="now"/>; the kernel records an expiry when it next touches the request, this only reads.</summary>
    public static ApprovalStatus StatusAt(ApprovalRequest request, DateTimeOffset now) =>
        request.Status == ApprovalStatus.Pending && request.ExpiresAt is { } expires && now >= expires ? ApprovalStatus.Expired : request.Status;

    public static string Name(ApprovalStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>Says where an approved action stands: executed (its outcome is stored) or waiting for a host's dispatcher.</summary>
    public static string? Execution(ApprovalRequest request) => request.Status != ApprovalStatus.Approved
        ? null
        : request.Outcome is null ? "awaiting execution by a host" : "executed";

    public static void Write(Utf8JsonWriter w, ApprovalRequest r, DateTimeOffset now, ApprovalFacts? facts = null)
    {
        ActionProposal p = r.Proposal;
        w.WriteStartObject();
        w.WriteString("id", r.Id);
        w.WriteString("status", Name(StatusAt(r, now)));
        w.WriteString("storedStatus", Name(r.Status));
        w.WriteString("createdAt", r.CreatedAt);
        WriteTime(w, "expiresAt", r.ExpiresAt);
        w.WriteString("decidedBy", r.DecidedBy);
        WriteTime(w, "decidedAt", r.DecidedAt);
        w.WriteString("decisionReason", r.DecisionReason);
        w.WriteString("execution", Execution(r));

        w.WriteStartObject("proposal");
        w.WriteString("id", p.Id);
        w.WriteString("capability", p.Capability);
        w.WriteString("proposer", p.Proposer);
        w.WriteString("proposerKind", p.ProposerKind.ToString());
        w.WritePropertyName("arguments");
        p.Arguments.WriteTo(w);
        w.WriteString("rationale", p.Rationale);
        w.WriteNumber("confidence", p.Confidence);
        w.WriteString("taint", p.Taint.ToString());
        w.WriteString("modelId", p.ModelId);
        w.WriteString("intentId", p.IntentId);
        w.WriteString("correlationId", p.CorrelationId);
        w.WriteString("createdAt", p.CreatedAt);
        w.WriteStartArray("inputs");
        foreach (string input in p.InputReferences)
        {
            w.WriteStringValue(input);
        }

        w.WriteEndArray();
        w.WriteEndObject();

        w.WritePropertyName("correctedArguments");
        if (r.CorrectedArguments is { } corrected)
        {
            corrected.WriteTo(w);
        }
        else
        {
            w.WriteNullValue();
        }

        w.WriteStartObject("decision");
        WriteDecision(w, r.Decision);
        if (facts is not null)
        {
            w.WriteStartArray("rules");
            foreach (PolicyDecision rule in facts.Rules)
            {
                w.WriteStartObject();
                WriteDecision(w, rule);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();

        w.WritePropertyName("outcome");
        if (r.Outcome is { } outcome)
        {
            w.WriteStartObject();
            w.WriteString("token", outcome.Token.Value);
            w.WriteString("capability", outcome.Capability);
            w.WriteString("summary", outcome.Summary);
            w.WriteString("completedAt", outcome.CompletedAt);
            w.WritePropertyName("output");
            if (outcome.Output.ValueKind == JsonValueKind.Undefined)
            {
                w.WriteNullValue();
            }
            else
            {
                outcome.Output.WriteTo(w);
            }

            w.WriteEndObject();
        }
        else
        {
            w.WriteNullValue();
        }

        if (facts?.LastAction is { } action)
        {
            w.WriteStartObject("lastActionEvent");
            w.WriteNumber("sequence", action.Sequence);
            w.WriteString("type", action.Type);
            w.WriteString("timestamp", action.Timestamp);
            w.WriteString("error", ApprovalFacts.Text(action.Payload, "error"));
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void WriteDecision(Utf8JsonWriter w, PolicyDecision decision)
    {
        w.WriteString("verdict", decision.Verdict.ToString());
        w.WriteString("rule", decision.RuleId);
        w.WriteString("reason", decision.Reason);
    }

    private static void WriteTime(Utf8JsonWriter w, string name, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            w.WriteString(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
