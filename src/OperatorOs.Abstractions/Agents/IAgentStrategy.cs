namespace OperatorOs;

/// <summary>Plans an agent's actions for an intent without a model: the deterministic fallback that keeps the system working offline.</summary>
public interface IAgentStrategy
{
    /// <summary>Plans the actions to propose for an intent.</summary>
    /// <param name="intent">The intent the agent handles.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The tool calls to propose, possibly none.</returns>
    ValueTask<IReadOnlyList<AgentToolCall>> PlanAsync(Intent intent, CancellationToken cancellationToken = default);
}
