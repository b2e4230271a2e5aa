namespace OperatorOs;

/// <summary>The record types a flow instance writes to its stream <c>flow/{instanceId}</c>; stable names that never change between releases.</summary>
/// <remarks>
/// <para>Every event payload carries <c>"schema"</c> (<see cref="SchemaVersion"/>), the definition's name and version and the instance id.
/// A later release reads every schema it ever wrote, so an SDK upgrade never strands a half-finished flow.</para>
/// <para>Since schema 2 the records written between two effects share one journal event: an event holds one record, typed by it,
/// or several, as a <see cref="Checkpoint"/>; <see cref="FlowRecord.Read"/> lists the records of either. A step whose policy lets
/// it run at once is one <see cref="StepStarted"/> record (the proposal and the policy decision, written before the effect) and
/// one <see cref="StepCompleted"/> record (the outcome): the kernel journals no separate proposal, decision or action events and
/// writes no outcome fact for it. A step that needs the operator, or is refused or invalid, goes through the kernel's usual
/// events, as in schema 1.</para>
/// </remarks>
public static class FlowEventTypes
{
    /// <summary>The schema version of the flow events this release writes.</summary>
    /// <remarks>Schema 1: one record per event, each transition with the instance data. Schema 2: records written together in a
    /// <see cref="Checkpoint"/>, <see cref="StepStarted"/> records, and transitions without the data (the records rebuild it).</remarks>
    public const int SchemaVersion = 2;

    /// <summary>Several records of one instance written together in one event (schema 2): <c>"records"</c> holds them in order, each with its <c>"type"</c>.</summary>
    public const string Checkpoint = "flow.checkpoint";

    /// <summary>An instance started in its initial state.</summary>
    public const string Started = "flow.started";

    /// <summary>An event (or timer, or automatic transition) was accepted and its transition's steps begin.</summary>
    public const string Accepted = "flow.accepted";

    /// <summary>A step's proposal was allowed by policy and its operation starts (schema 2): the proposal, its token and the policy decision, written before the effect.</summary>
    public const string StepStarted = "flow.step-started";

    /// <summary>A step's operation completed; the payload holds its output (and its arguments, when no <see cref="StepStarted"/> record holds them).</summary>
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
