using System.Text.Json;

namespace OperatorOs;

/// <summary>Why an action was or was not taken: the proposal as made, every policy verdict and the decision, and what became of it.</summary>
/// <param name="ProposalId">The proposal id, which is also the record's id.</param>
/// <param name="Capability">The capability proposed.</param>
/// <param name="Arguments">The arguments as proposed.</param>
/// <param name="Proposer">Who proposed it.</param>
/// <param name="ProposerKind">What kind of actor proposed it.</param>
/// <param name="Decision">The final decision.</param>
/// <param name="Verdicts">Every policy's verdict, in pipeline order.</param>
/// <param name="DecidedAt">When policy decided.</param>
public sealed record DecisionRecord(
    string ProposalId,
    string Capability,
    JsonElement Arguments,
    string Proposer,
    ActorKind ProposerKind,
    PolicyDecision Decision,
    IReadOnlyList<PolicyDecision> Verdicts,
    DateTimeOffset DecidedAt)
{
    /// <summary>Gets why the proposer wanted the action.</summary>
    public string? Rationale { get; init; }

    /// <summary>Gets the proposer's confidence, from 0 to 1.</summary>
    public double Confidence { get; init; } = 1;

    /// <summary>Gets the model that proposed it, if a model did.</summary>
    public string? ModelId { get; init; }

    /// <summary>Gets how far the arguments' sources are trusted.</summary>
    public TrustLevel Taint { get; init; }

    /// <summary>Gets the intent it was proposed for, if any.</summary>
    public string? IntentId { get; init; }

    /// <summary>Gets the item it concerns: the correlation id of the intent, request or flow it was made for.</summary>
    public string? CorrelationId { get; init; }

    /// <summary>Gets what it rests on: the intent, and the memory versions (<c>memory/{entity}/{attribute}@v{version}</c>) and signals the proposer read.</summary>
    public IReadOnlyList<string> InputReferences { get; init; } = [];

    /// <summary>Gets the approval it waited on, if it needed one.</summary>
    public string? ApprovalId { get; init; }

    /// <summary>Gets the approval's status now, if it needed one.</summary>
    public ApprovalStatus? ApprovalStatus { get; init; }

    /// <summary>Gets the outcome's summary, once the action was executed.</summary>
    public string? Outcome { get; init; }
}
