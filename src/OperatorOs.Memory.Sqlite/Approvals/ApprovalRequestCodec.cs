using System.Text.Json;

namespace OperatorOs;

/// <summary>Writes approval requests as JSON and reads them back, field by field, with no reflection.</summary>
internal static class ApprovalRequestCodec
{
    public static string Write(ApprovalRequest request) => SqliteJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("id", request.Id);
        w.WriteString("status", request.Status.ToString());
        w.WriteString("createdAt", request.CreatedAt);
        WriteOptional(w, "expiresAt", request.ExpiresAt);
        w.WriteString("decidedBy", request.DecidedBy);
        WriteOptional(w, "decidedAt", request.DecidedAt);
        w.WriteString("decisionReason", request.DecisionReason);
        if (request.CorrectedArguments is { } corrected)
        {
            w.WritePropertyName("correctedArguments");
            corrected.WriteTo(w);
        }

        w.WriteStartObject("decision");
        w.WriteString("verdict", request.Decision.Verdict.ToString());
        w.WriteString("rule", request.Decision.RuleId);
        w.WriteString("reason", request.Decision.Reason);
        w.WriteEndObject();

        ActionProposal p = request.Proposal;
        w.WriteStartObject("proposal");
        w.WriteString("id", p.Id);
        w.WriteString("capability", p.Capability);
        w.WritePropertyName("arguments");
        p.Arguments.WriteTo(w);
        w.WriteString("proposer", p.Proposer);
        w.WriteString("proposerKind", p.ProposerKind.ToString());
        w.WriteString("createdAt", p.CreatedAt);
        w.WriteString("rationale", p.Rationale);
        w.WriteNumber("confidence", p.Confidence);
        w.WriteString("modelId", p.ModelId);
        w.WriteString("taint", p.Taint.ToString());
        w.WriteString("intentId", p.IntentId);
        w.WriteString("correlationId", p.CorrelationId);
        w.WriteString("operationToken", p.OperationToken.Value);
        w.WriteStartArray("inputs");
        foreach (string input in p.InputReferences)
        {
            w.WriteStringValue(input);
        }

        w.WriteEndArray();
        w.WriteEndObject();

        if (request.Outcome is { } outcome)
        {
            w.WriteStartObject("outcome");
            w.WriteString("token", outcome.Token.Value);
            w.WriteString("capability", outcome.Capability);
            w.WritePropertyName("output");
            if (outcome.Output.ValueKind == JsonValueKind.Undefined)
            {
                w.WriteNullValue();
            }
            else
            {
                outcome.Output.WriteTo(w);
            }

            w.WriteString("summary", outcome.Summary);
            w.WriteString("completedAt", outcome.CompletedAt);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    });

    public static ApprovalRequest Read(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement r = document.RootElement;
        JsonElement p = r.GetProperty("proposal");
        var proposal = new ActionProposal(
            p.GetProperty("id").GetString()!,
            p.GetProperty("capability").GetString()!,
            p.GetProperty("arguments"),
            p.GetProperty("proposer").GetString()!,
            p.GetProperty("createdAt").GetDateTimeOffset())
        {
            ProposerKind = Enum.Parse<ActorKind>(p.GetProperty("proposerKind").GetString()!),
            Rationale = p.GetProperty("rationale").GetString(),
            Confidence = p.GetProperty("confidence").GetDouble(),
            ModelId = p.GetProperty("modelId").GetString(),
            Taint = Enum.Parse<TrustLevel>(p.GetProperty("taint").GetString()!),
            IntentId = p.GetProperty("intentId").GetString(),
            CorrelationId = p.GetProperty("correlationId").GetString(),
            InputReferences = p.GetProperty("inputs").EnumerateArray().Select(input => input.GetString()!).ToList(),

            // Requests stored before the token was kept used the proposal's own token, which the default derives again.
            OperationToken = p.TryGetProperty("operationToken", out JsonElement token) && token.GetString() is { } stored ? new OperationToken(stored) : default,
        };

        JsonElement d = r.GetProperty("decision");
        var decision = new PolicyDecision(Enum.Parse<PolicyVerdict>(d.GetProperty("verdict").GetString()!), d.GetProperty("rule").GetString()!, d.GetProperty("reason").GetString()!);

        OperationResult? outcome = null;
        if (r.TryGetProperty("outcome", out JsonElement o))
        {
            JsonElement output = o.GetProperty("output");
            outcome = new OperationResult(
                new OperationToken(o.GetProperty("token").GetString()!),
                o.GetProperty("capability").GetString()!,
                output.ValueKind == JsonValueKind.Null ? default : output.Clone(),
                o.GetProperty("summary").GetString()!,
                o.GetProperty("completedAt").GetDateTimeOffset());
        }

        return new ApprovalRequest(r.GetProperty("id").GetString()!, proposal, decision, r.GetProperty("createdAt").GetDateTimeOffset())
        {
            Status = Enum.Parse<ApprovalStatus>(r.GetProperty("status").GetString()!),
            ExpiresAt = ReadOptional(r, "expiresAt"),
            DecidedBy = r.GetProperty("decidedBy").GetString(),
            DecidedAt = ReadOptional(r, "decidedAt"),
            DecisionReason = r.GetProperty("decisionReason").GetString(),
            CorrectedArguments = r.TryGetProperty("correctedArguments", out JsonElement corrected) ? corrected.Clone() : null,
            Outcome = outcome,
        };
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            writer.WriteString(name, v);
        }
    }

    private static DateTimeOffset? ReadOptional(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) ? value.GetDateTimeOffset() : null;
}
