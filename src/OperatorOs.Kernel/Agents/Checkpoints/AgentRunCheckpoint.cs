using Microsoft.Extensions.AI;

namespace OperatorOs;

/// <summary>An agent run paused on approvals: its conversation so far (completed tool calls included, so none runs again), where it stood, and what it waits on.</summary>
internal sealed record AgentRunCheckpoint(
    string Agent,
    string? Tier,
    Intent Intent,
    int Iterations,
    bool Escalated,
    IReadOnlyList<PendingToolCall> Pending,
    IReadOnlyList<ChatMessage> Messages)
{
    /// <summary>The checkpoint format; a reader refuses a newer one rather than guess.</summary>
    public const int Schema = 1;

    /// <summary>The stable type name written with every checkpoint (never an assembly-qualified name).</summary>
    public const string TypeName = "operatoros.agent-run";
}
