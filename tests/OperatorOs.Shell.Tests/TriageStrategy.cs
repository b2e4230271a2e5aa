using System.Text.Json;

namespace OperatorOs.Shell.Tests;

/// <summary>A deterministic agent plan: reply to the sender of an inbound email.</summary>
internal sealed class TriageStrategy : IAgentStrategy
{
    public ValueTask<IReadOnlyList<AgentToolCall>> PlanAsync(Intent intent, CancellationToken cancellationToken = default)
    {
        string from = intent.Payload.GetProperty("from").GetString()!;
        JsonElement arguments = TestJson.Parse($$"""{"to":"{{from}}","subject":"Re: your question"}""");
        return ValueTask.FromResult<IReadOnlyList<AgentToolCall>>([new AgentToolCall("mail.send", arguments) { Rationale = "The sender asked a question.", Confidence = 0.8 }]);
    }
}
