using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>Records where a memory record came from: who wrote it, with which model, from which inputs, under which approval.</summary>
public sealed record Provenance
{
    /// <summary>Initializes a new instance of the <see cref="Provenance"/> class.</summary>
    /// <param name="actorKind">What kind of actor wrote the record.</param>
    /// <param name="actor">The actor's name, for example the agent role.</param>
    /// <exception cref="ArgumentException"><paramref name="actor"/> is null or empty.</exception>
    public Provenance(ActorKind actorKind, string actor)
    {
        ActorKind = actorKind;
        Actor = Throw.IfNullOrWhitespace(actor);
    }

    /// <summary>Gets what kind of actor wrote the record.</summary>
    public ActorKind ActorKind { get; }

    /// <summary>Gets the actor's name.</summary>
    public string Actor { get; }

    /// <summary>Gets the id of the model involved, if any.</summary>
    public string? ModelId { get; init; }

    /// <summary>Gets references to the inputs the record was derived from.</summary>
    public IReadOnlyList<string> InputReferences { get; init; } = [];

    /// <summary>Gets the id of the approval that allowed the change, if any.</summary>
    public string? ApprovalId { get; init; }
}
