using System.Text.Json;
using System.Text.Json.Nodes;
using OperatorOs;

namespace TeachingAssistant.Agents;

/// <summary>The triage agent offline: answers from the closest approved course fact when it is confident, and otherwise leaves the question to the operator.</summary>
internal sealed class TriageStrategy : IAgentStrategy
{
    // Below this similarity the offline (lexical) match is not trusted to answer a student.
    private const double MinimumConfidence = 0.3;

    private readonly MemoryIndex _index;

    public TriageStrategy(MemoryIndex index)
    {
        _index = index;
    }

    public async ValueTask<IReadOnlyList<AgentToolCall>> PlanAsync(Intent intent, CancellationToken cancellationToken = default)
    {
        string? question = intent.Payload.ValueKind == JsonValueKind.Object && intent.Payload.TryGetProperty("body", out JsonElement body) ? body.GetString() : null;
        string? student = intent.Payload.TryGetProperty("student", out JsonElement s) ? s.GetString() : null;
        if (string.IsNullOrWhiteSpace(question) || string.IsNullOrWhiteSpace(student))
        {
            return [];
        }

        IReadOnlyList<MemorySearchResult> answers = await _index.SearchAsync(question, new MemorySearchOptions { Entity = "course", Kind = MemoryKind.Fact, Top = 1 }, cancellationToken);
        if (answers is not [{ } best] || best.Score < MinimumConfidence)
        {
            return [];
        }

        var arguments = new JsonObject
        {
            ["path"] = $"outbox/{student}/{intent.Id}.md",
            ["content"] = $"Hi,\n\n{best.Record.Value.GetString()}\n\n-- The course team\n\n> {question}\n",
        };
        using JsonDocument document = JsonDocument.Parse(arguments.ToJsonString());
        return [new AgentToolCall("files.write", document.RootElement)
        {
            Rationale = $"Draft a reply from the approved answer '{best.Record.Attribute}'.",
            Confidence = Math.Clamp(best.Score, 0, 1),
        }];
    }
}
