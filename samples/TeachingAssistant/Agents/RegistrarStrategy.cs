using System.Text.Json;
using System.Text.Json.Nodes;
using OperatorOs;

namespace TeachingAssistant.Agents;

/// <summary>The registrar's deterministic strategy: file each submission under the student's folder.</summary>
internal sealed class RegistrarStrategy : IAgentStrategy
{
    public ValueTask<IReadOnlyList<AgentToolCall>> PlanAsync(Intent intent, CancellationToken cancellationToken = default)
    {
        JsonElement payload = intent.Payload;
        if (payload.ValueKind != JsonValueKind.Object ||
            !payload.TryGetProperty("student", out JsonElement student) ||
            !payload.TryGetProperty("assignment", out JsonElement assignment) ||
            !payload.TryGetProperty("body", out JsonElement body))
        {
            return ValueTask.FromResult<IReadOnlyList<AgentToolCall>>([]);
        }

        var arguments = new JsonObject
        {
            ["path"] = $"submissions/{student.GetString()}/{assignment.GetString()}.md",
            ["content"] = body.GetString(),
        };
        using JsonDocument document = JsonDocument.Parse(arguments.ToJsonString());
        AgentToolCall call = new("files.write", document.RootElement)
        {
            Rationale = $"File {student.GetString()}'s submission of {assignment.GetString()}.",
            Confidence = 0.95,
        };
        return ValueTask.FromResult<IReadOnlyList<AgentToolCall>>([call]);
    }
}
