using System.Text.Json;
using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>Represents an action an agent, a flow or the operator wants taken; nothing happens until policy and, where needed, the operator allow it.</summary>
/// <remarks>Instances are immutable and safe to share across threads. <see cref="WithArguments"/> returns a corrected copy.</remarks>
public sealed class ActionProposal
{
    /// <summary>Initializes a new instance of the <see cref="ActionProposal"/> class.</summary>
    /// <param name="id">The unique id of the proposal; it also derives the operation token.</param>
    /// <param name="capability">The name of the capability to invoke.</param>
    /// <param name="arguments">The capability's arguments as a JSON object.</param>
    /// <param name="proposer">Who proposes it: the agent role, flow or operator name.</param>
    /// <param name="createdAt">When the proposal was made.</param>
    /// <exception cref="ArgumentNullException">A reference argument is <see langword="null"/>.</exception>
    /// <exception cref="InvalidProposalException">A field is malformed.</exception>
    public ActionProposal(string id, string capability, JsonElement arguments, string proposer, DateTimeOffset createdAt)
    {
        _ = Throw.IfNull(id);
        _ = Throw.IfNull(capability);
        _ = Throw.IfNull(proposer);
        if (id.Length == 0)
        {
            throw new InvalidProposalException(nameof(Id), "must not be empty");
        }

        if (!IntentName.IsValid(capability))
        {
            throw new InvalidProposalException(nameof(Capability), $"'{capability}' is not a valid capability name ({IntentName.Rule})");
        }

        if (arguments.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidProposalException(nameof(Arguments), $"must be a JSON object, not {arguments.ValueKind}");
        }

        if (string.IsNullOrWhiteSpace(proposer))
        {
            throw new InvalidProposalException(nameof(Proposer), "must not be empty");
        }

        Id = id;
        Capability = capability;
        Arguments = arguments.Clone();
        Proposer = proposer;
        CreatedAt = createdAt;
    }

    /// <summary>Gets the unique id of the proposal.</summary>
    public string Id { get; }

    /// <summary>Gets the name of the capability to invoke.</summary>
    public string Capability { get; }

    /// <summary>Gets the capability's arguments.</summary>
    public JsonElement Arguments { get; private init; }

    /// <summary>Gets who proposes the action.</summary>
    public string Proposer { get; }

    /// <summary>Gets when the proposal was made.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>Gets what kind of actor <see cref="Proposer"/> names; an agent's proposals are held to its granted capabilities.</summary>
    public ActorKind ProposerKind { get; init; } = ActorKind.Agent;

    /// <summary>Gets why the proposer wants the action.</summary>
    public string? Rationale { get; init; }

    /// <summary>Gets references to the inputs the proposal was derived from (intent ids, memory keys, message ids).</summary>
    public IReadOnlyList<string> InputReferences { get; init; } = [];

    /// <summary>Gets the proposer's confidence in the action, from 0 to 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [0, 1].</exception>
    public double Confidence { get; init => field = Throw.IfOutOfRange(value, 0, 1); } = 1;

    /// <summary>Gets the id of the model that produced the proposal, or <see langword="null"/> for deterministic code.</summary>
    public string? ModelId { get; init; }

    /// <summary>Gets the least trusted source the arguments were derived from.</summary>
    public TrustLevel Taint { get; init; } = TrustLevel.Internal;

    /// <summary>Gets the id of the intent the proposal serves, if any.</summary>
    public string? IntentId { get; init; }

    /// <summary>Gets the correlation id that ties the proposal to its intent.</summary>
    public string? CorrelationId { get; init; }

    /// <summary>Gets the operation token the executor uses for this proposal.</summary>
    /// <value>By default <see cref="OperationToken.ForProposal"/> of <see cref="Id"/>; a flow step sets <see cref="OperationToken.ForFlowStep"/> and an agent's tool call a token derived from the intent, the round and the call, so a re-run of the step or the round after a crash presents the same token.</value>
    public OperationToken OperationToken
    {
        get => field.IsDefault ? OperationToken.ForProposal(Id) : field;
        init => field = value;
    }

    /// <summary>Returns a copy of this proposal with corrected arguments; the id and therefore the operation token stay the same.</summary>
    /// <param name="arguments">The corrected arguments.</param>
    /// <returns>The corrected proposal.</returns>
    /// <exception cref="InvalidProposalException"><paramref name="arguments"/> is not a JSON object.</exception>
    public ActionProposal WithArguments(JsonElement arguments)
    {
        if (arguments.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidProposalException(nameof(Arguments), $"must be a JSON object, not {arguments.ValueKind}");
        }

        return new ActionProposal(Id, Capability, Arguments, Proposer, CreatedAt)
        {
            Arguments = arguments.Clone(),
            ProposerKind = ProposerKind,
            Rationale = Rationale,
            InputReferences = InputReferences,
            Confidence = Confidence,
            ModelId = ModelId,
            Taint = Taint,
            IntentId = IntentId,
            CorrelationId = CorrelationId,
            OperationToken = OperationToken,
        };
    }
}
