using System.Text.Json;

namespace OperatorOs;

/// <summary>The transition an instance is in the middle of: which one, with what event, and how far its steps got.</summary>
internal sealed class FlowPending
{
    public required int Seq { get; init; }

    public required FlowTriggerKind Kind { get; init; }

    public required string Trigger { get; init; }

    public required int Ordinal { get; init; }

    public required JsonElement Payload { get; init; }

    public required DateTimeOffset At { get; init; }

    public int NextStep { get; set; }

    /// <summary>Gets or sets the step the transition stopped at: waiting for an approval, or failed.</summary>
    public string? Step { get; set; }

    public string? ApprovalId { get; set; }

    public bool Refused { get; set; }
}
