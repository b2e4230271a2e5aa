using System.Text.Json;

namespace OperatorOs;

/// <summary>What a completed transition records: where it went and the instance's data and timers on arrival.</summary>
internal readonly record struct FlowTransitionRecord(
    int Seq,
    FlowTriggerKind Kind,
    string Trigger,
    int Ordinal,
    string To,
    FlowStatus Status,
    bool Refused,
    DateTimeOffset At,
    IReadOnlyList<FlowTimer> Timers,
    FlowData Data)
{
    /// <summary>Gets the event's payload, recorded here when the transition had no steps (and so no accepted event).</summary>
    public JsonElement? Payload { get; init; }

    /// <summary>Gets the event's trust, recorded here when the transition had no steps.</summary>
    public TrustLevel? Trust { get; init; }
}
