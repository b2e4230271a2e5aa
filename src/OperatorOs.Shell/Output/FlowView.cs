using System.Text.Json;

namespace OperatorOs.Shell;

/// <summary>How flow instances, their journal events and resume requests are shown: readable names and summaries, and their JSON form.</summary>
internal static class FlowView
{
    public static readonly string[] StatusNames = ["active", "running", "awaiting-approval", "completed", "failed"];

    public static string Name(FlowStatus status) => status switch
    {
        FlowStatus.Active => "active",
        FlowStatus.Running => "running",
        FlowStatus.AwaitingApproval => "awaiting-approval",
        FlowStatus.Completed => "completed",
        _ => "failed",
    };

    public static FlowStatus Parse(string name) => (FlowStatus)Array.IndexOf(StatusNames, name);

    public static string Name(FlowResumeRequestStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>Says what the instance waits for: an approval at a step, a step (to resume or retry), or its next timer.</summary>
    public static string? Waiting(FlowInstance i) => i switch
    {
        { ApprovalId: { } approval } => $"{i.PendingStep ?? "step"}: approval {approval}",
        { PendingStep: { } step } => $"step {step}",
        { PendingTrigger: { } trigger } => $"transition on {trigger}",
        { NextTimerAt: { } due } => "timer at " + Display.Time(due),
        _ => null,
    };

    public static void Write(Utf8JsonWriter w, FlowInstance i)
    {
        w.WriteString("id", i.Id);
        w.WriteString("flow", i.FlowName);
        w.WriteNumber("version", i.FlowVersion);
        w.WriteString("state", i.State);
        w.WriteString("status", Name(i.Status));
        w.WriteString("correlationKey", i.CorrelationKey);
        w.WriteNumber("transitions", i.Transitions);
        w.WriteString("startedAt", i.StartedAt);
        w.WriteString("updatedAt", i.UpdatedAt);
        w.WriteString("pendingTrigger", i.PendingTrigger);
        w.WriteString("pendingStep", i.PendingStep);
        w.WriteString("approvalId", i.ApprovalId);
        WriteTime(w, "nextTimerAt", i.NextTimerAt);
        w.WriteString("error", i.Error);
    }

    public static void WriteRequest(Utf8JsonWriter w, string propertyName, FlowResumeRequest? r)
    {
        if (r is null)
        {
            w.WriteNull(propertyName);
            return;
        }

        w.WriteStartObject(propertyName);
        w.WriteString("instance", r.InstanceId);
        w.WriteString("status", Name(r.Status));
        w.WriteString("requestedBy", r.RequestedBy);
        w.WriteString("requestedAt", r.RequestedAt);
        w.WriteString("handledBy", r.HandledBy);
        WriteTime(w, "handledAt", r.HandledAt);
        w.WriteString("instanceStatus", r.InstanceStatus is { } status ? Name(status) : null);
        w.WriteString("error", r.Error);
        w.WriteEndObject();
    }

    public static string Describe(FlowResumeRequest r) => r.Status switch
    {
        FlowResumeRequestStatus.Requested => $"requested by {r.RequestedBy} at {Display.Time(r.RequestedAt)}, waiting for a host",
        FlowResumeRequestStatus.Resuming => $"requested by {r.RequestedBy} at {Display.Time(r.RequestedAt)}, being resumed by {r.HandledBy} since {Display.Time(r.HandledAt)}",
        FlowResumeRequestStatus.Done => $"requested by {r.RequestedBy} at {Display.Time(r.RequestedAt)}, resumed by {r.HandledBy} at {Display.Time(r.HandledAt)}" + (r.InstanceStatus is { } s ? $" ({Name(s)})" : string.Empty),
        _ => $"requested by {r.RequestedBy} at {Display.Time(r.RequestedAt)}, failed at {Display.Time(r.HandledAt)}: {r.Error}",
    };

    /// <summary>Summarizes one record of an instance's stream in a line, from the fields its type carries.</summary>
    public static string Summary(FlowRecord r)
    {
        JsonElement p = r.Payload;
        if (p.ValueKind != JsonValueKind.Object)
        {
            return "(payload pruned)";
        }

        JsonElement header = r.Event.Payload;
        string text = r.Type switch
        {
            FlowEventTypes.Started => $"in {Text(p, "state")}" + (Text(p, "correlationKey") is { } key ? $", key {key}" : string.Empty) + $", {Text(header, "flow")}@{Number(header, "version")}",
            FlowEventTypes.Accepted => $"{Text(p, "kind")} {Text(p, "trigger")} in {Text(p, "from")} (transition {Number(p, "seq")})",
            FlowEventTypes.StepStarted => $"step {Text(p, "step")}: {Text(p, "capability")} — {Text(p, "verdict")?.ToLowerInvariant()} by {Text(p, "rule")}",
            FlowEventTypes.StepCompleted => $"step {Text(p, "step")}: {Text(p, "capability")} — {Text(p, "summary")}" + (Text(p, "approvalId") is { } approval ? $" (approval {approval})" : string.Empty),
            FlowEventTypes.StepAwaitingApproval => $"step {Text(p, "step")}: {Text(p, "capability")} awaits approval {Text(p, "approvalId")}",
            FlowEventTypes.StepRefused => $"step {Text(p, "step")} {Text(p, "outcome")}" + (Text(p, "reason") is { } reason ? $": {reason}" : string.Empty),
            FlowEventTypes.Transition => $"{Text(p, "from")} -> {Text(p, "to")} on {Text(p, "trigger")}" + (p.TryGetProperty("refused", out JsonElement refused) && refused.ValueKind == JsonValueKind.True ? " (refused)" : string.Empty) + (Text(p, "status") == "completed" ? ", completed" : string.Empty),
            FlowEventTypes.Ignored => $"{Text(p, "kind")} {Text(p, "trigger")} ignored in {Text(p, "from")}: no guard held",
            FlowEventTypes.Failed => $"step {Text(p, "step") ?? "-"} failed" + (p.TryGetProperty("retryable", out JsonElement retryable) && retryable.ValueKind == JsonValueKind.True ? " (retried later)" : string.Empty) + $": {Text(p, "error")}",
            _ => r.Type,
        };
        return Display.Shorten(Display.OneLine(text), 140);
    }

    private static string? Text(JsonElement payload, string name) =>
        payload.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Number(JsonElement payload, string name) =>
        payload.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number ? value.GetRawText() : "?";

    private static void WriteTime(Utf8JsonWriter w, string name, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            w.WriteString(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
