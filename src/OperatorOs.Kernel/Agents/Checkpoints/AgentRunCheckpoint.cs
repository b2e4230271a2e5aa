using Microsoft.Extensions.AI;

namespace OperatorOs;

/// <summary>An agent run paused on approvals: its conversation so far (completed tool calls included, so none runs again), where it stood, what it waits on, and what it read.</summary>
internal sealed record AgentRunCheckpoint(
    string Agent,
    string? Tier,
    Intent Intent,
    int Iterations,
    bool Escalated,
    IReadOnlyList<PendingToolCall> Pending,
    IReadOnlyList<ChatMessage> Messages)
{
    /// <summary>Gets the references of what the run's context was assembled from (the intent, the memory versions it read); a resumed run's proposals and reply rest on them.</summary>
    /// <remarks>Empty in a checkpoint written before it was kept: the resumed run then names the intent only.</remarks>
    public IReadOnlyList<string> Inputs { get; init; } = [];

    /// <summary>The checkpoint format; a reader refuses a newer one rather than guess.</summary>
    public const int Schema = 1;

    /// <summary>The stable type name written with every checkpoint (never an assembly-qualified name).</summary>
    public const string TypeName = "operatoros.agent-run";
}
