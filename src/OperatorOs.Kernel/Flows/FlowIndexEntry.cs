using System.Text.Json;

namespace OperatorOs;

/// <summary>One instance in the flow index: enough to list it, find it by correlation key, and finish an interrupted start.</summary>
internal sealed record FlowIndexEntry(
    string InstanceId,
    string FlowName,
    int FlowVersion,
    string? CorrelationKey,
    string? CorrelationId,
    bool Completed,
    JsonElement Input,
    TrustLevel Trust,
    DateTimeOffset StartedAt,
    int MemoryVersion)
{
    /// <summary>Gets or sets a value indicating whether the instance completed; set once, under the index's lock.</summary>
    public bool Completed { get; set; } = Completed;

    /// <summary>Gets or sets the version of the index record, for the completion's versioned write.</summary>
    public int MemoryVersion { get; set; } = MemoryVersion;

    /// <summary>Gets the provenance of the index record's writes: the flow, with the instance's stream as input.</summary>
    public Provenance Provenance => field ??= new Provenance(ActorKind.Flow, FlowName) { InputReferences = [FlowEventTypes.StreamOf(InstanceId)] };
}
