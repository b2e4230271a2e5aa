namespace OperatorOs;

/// <summary>The journal event types a flow instance writes to its stream <c>flow/{instanceId}</c>; stable names that never change between releases.</summary>
/// <remarks>
/// Every payload carries <c>"schema"</c> (<see cref="SchemaVersion"/>), the definition's name and version and the instance id.
/// A later release reads every schema it ever wrote, so an SDK upgrade never strands a half-finished flow.
/// </remarks>
public static class FlowEventTypes
{
    /// <summary>The schema version of the flow events this release writes.</summary>
    public const int SchemaVersion = 1;

    /// <summary>An instance started in its initial state.</summary>
    public const string Started = "flow.started";

    /// <summary>An event (or timer, or automatic transition) was accepted and its transition's steps begin.</summary>
    public const string Accepted = "flow.accepted";

    /// <summary>A step's operation completed; the payload holds its arguments and output.</summary>
    public const string StepCompleted = "flow.step-completed";

    /// <summary>A step waits for the operator's decision on an approval request.</summary>
    public const string StepAwaitingApproval = "flow.step-awaiting-approval";

    /// <summary>A step was refused: rejected or expired approval, denied or shadowed by policy.</summary>
    public const string StepRefused = "flow.step-refused";

    /// <summary>A transition completed: the instance entered its target state (the checkpoint: it holds the instance data).</summary>
    public const string Transition = "flow.transition";

    /// <summary>An event reached the instance but no guard of its transitions held; nothing changed.</summary>
    public const string Ignored = "flow.ignored";

    /// <summary>A step failed; the instance waits at that step for a resume.</summary>
    public const string Failed = "flow.failed";

    /// <summary>Returns the journal stream of a flow instance.</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <returns>The stream name <c>flow/{instanceId}</c>.</returns>
    public static string StreamOf(string instanceId) => $"flow/{instanceId}";
}
