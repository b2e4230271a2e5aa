namespace OperatorOs;

/// <summary>What an agent did with an intent: the proposals it made, its final reply, and whether it worked degraded or left the intent to the operator.</summary>
internal sealed record AgentRun(IReadOnlyList<ProposalResult> Proposals, string? Response, string? ModelId)
{
    public string? DeferredReason { get; init; }

    public bool Degraded { get; init; }

    /// <summary>Gets the tool calls the run waits on; when there are any, the run was checkpointed and continues once they are decided.</summary>
    public IReadOnlyList<PendingToolCall> Waiting { get; init; } = [];

    /// <summary>Gets the references of what the run's context was assembled from (the intent, then <c>memory/{entity}/{attribute}@v{version}</c> per record it read), or <see langword="null"/> when it read the intent alone.</summary>
    public IReadOnlyList<string>? Inputs { get; init; }
}
