using System.Globalization;
using System.Text.Json;

namespace OperatorOs;

/// <summary>Writes the events of a flow instance's stream and folds them back into a <see cref="FlowCheckpoint"/>.</summary>
/// <remarks>
/// Payloads are written field by field (no reflection) with <c>"schema"</c>, the definition's name and version and the instance
/// id. The runtime changes an instance only by appending an event and applying it here, so the state in memory is always the
/// state recovery rebuilds from the journal. Reading refuses a schema newer than <see cref="FlowEventTypes.SchemaVersion"/>.
/// </remarks>
internal static class FlowHistory
{
    public static JsonElement Started(FlowDefinition definition, string instanceId, string? correlationKey, string? correlationId, JsonElement data, TrustLevel taint, DateTimeOffset at, IReadOnlyList<FlowTimer> timers) =>
        JsonPayload.Object((definition, instanceId, correlationKey, correlationId, data, taint, at, timers), static (w, s) =>
        {
            WriteHeader(w, s.definition.Name, s.definition.Version, s.instanceId);
            w.WriteString("correlationKey", s.correlationKey);
            w.WriteString("correlationId", s.correlationId);
            w.WriteString("state", s.definition.InitialState);
            w.WriteString("taint", s.taint.ToString());
            w.WriteString("at", s.at);
            WriteTimers(w, s.timers);
            w.WriteElement("data", s.data);
        });

    public static JsonElement Accepted(FlowCheckpoint cp, FlowPending pending, TrustLevel trust) =>
        JsonPayload.Object((cp, pending, trust), static (w, s) =>
        {
            WriteHeader(w, s.cp);
            w.WriteNumber("seq", s.pending.Seq);
            w.WriteString("kind", KindName(s.pending.Kind));
            w.WriteString("trigger", s.pending.Trigger);
            w.WriteNumber("ordinal", s.pending.Ordinal);
            w.WriteString("from", s.cp.State);
            w.WriteString("trust", s.trust.ToString());
            w.WriteString("at", s.pending.At);
            if (s.pending.Payload.ValueKind != JsonValueKind.Undefined)
            {
                w.WriteElement("payload", s.pending.Payload);
            }
        });

    public static JsonElement StepCompleted(FlowCheckpoint cp, string step, ActionProposal proposal, OperationResult result, string? approvalId, JsonElement? corrected, DateTimeOffset at) =>
        JsonPayload.Object((cp, step, proposal, result, approvalId, corrected, at), static (w, s) =>
        {
            WriteStep(w, s.cp, s.step, s.proposal, s.at);
            w.WriteString("approvalId", s.approvalId);
            if (s.corrected is { } corrected)
            {
                // The operator's correction ran; "arguments" stays what the flow proposed, so a replay can compare it.
                w.WriteElement("correctedArguments", corrected);
            }

            w.WriteString("summary", s.result.Summary);
            w.WriteElement("output", s.result.Output);
        });

    public static JsonElement StepAwaitingApproval(FlowCheckpoint cp, string step, ActionProposal proposal, string approvalId, DateTimeOffset at) =>
        JsonPayload.Object((cp, step, proposal, approvalId, at), static (w, s) =>
        {
            WriteStep(w, s.cp, s.step, s.proposal, s.at);
            w.WriteString("approvalId", s.approvalId);
        });

    public static JsonElement StepRefused(FlowCheckpoint cp, string step, string outcome, string? reason, DateTimeOffset at) =>
        JsonPayload.Object((cp, step, outcome, reason, at), static (w, s) =>
        {
            WriteHeader(w, s.cp);
            w.WriteNumber("seq", s.cp.Pending!.Seq);
            w.WriteString("step", s.step);
            w.WriteString("outcome", s.outcome);
            w.WriteString("reason", s.reason);
            w.WriteString("at", s.at);
        });

    public static JsonElement Transition(FlowCheckpoint cp, FlowTransitionRecord t) =>
        JsonPayload.Object((cp, t), static (w, s) =>
        {
            WriteHeader(w, s.cp);
            w.WriteNumber("seq", s.t.Seq);
            w.WriteString("kind", KindName(s.t.Kind));
            w.WriteString("trigger", s.t.Trigger);
            w.WriteNumber("ordinal", s.t.Ordinal);
            w.WriteString("from", s.cp.State);
            w.WriteString("to", s.t.To);
            w.WriteString("status", s.t.Status == FlowStatus.Completed ? "completed" : "active");
            w.WriteBoolean("refused", s.t.Refused);
            w.WriteString("at", s.t.At);
            if (s.t.Payload is { ValueKind: not JsonValueKind.Undefined } payload)
            {
                w.WriteElement("payload", payload);
            }

            if (s.t.Trust is { } trust)
            {
                w.WriteString("trust", trust.ToString());
            }

            WriteTimers(w, s.t.Timers);
            w.WriteElement("data", s.t.Data);
        });

    public static JsonElement Ignored(FlowCheckpoint cp, FlowTriggerKind kind, string trigger, JsonElement payload, DateTimeOffset at) =>
        JsonPayload.Object((cp, kind, trigger, payload, at), static (w, s) =>
        {
            WriteHeader(w, s.cp);
            w.WriteString("kind", KindName(s.kind));
            w.WriteString("trigger", s.trigger);
            w.WriteString("from", s.cp.State);
            w.WriteString("at", s.at);
            if (s.payload.ValueKind != JsonValueKind.Undefined)
            {
                w.WriteElement("payload", s.payload);
            }
        });

    public static JsonElement Failed(FlowCheckpoint cp, string? step, string error, bool retryable, DateTimeOffset at) =>
        JsonPayload.Object((cp, step, error, retryable, at), static (w, s) =>
        {
            WriteHeader(w, s.cp);
            w.WriteNumber("seq", s.cp.Pending?.Seq ?? s.cp.Seq);
            w.WriteString("step", s.step);
            w.WriteString("error", s.error);
            w.WriteBoolean("retryable", s.retryable);
            w.WriteString("at", s.at);
        });

    /// <summary>Reads an instance's stream and folds it, or returns <see langword="null"/> when the stream is empty.</summary>
    public static async Task<FlowCheckpoint?> LoadAsync(Journal journal, string instanceId, CancellationToken cancellationToken)
    {
        FlowCheckpoint? cp = null;
        await foreach (JournalEvent e in journal.ReadStreamAsync(FlowEventTypes.StreamOf(instanceId), cancellationToken).ConfigureAwait(false))
        {
            cp = Apply(cp, instanceId, e.Type, e.Payload, e.Sequence);
        }

        return cp;
    }

    /// <summary>Applies one event to an instance's state and returns the state (a new one for <see cref="FlowEventTypes.Started"/>).</summary>
    public static FlowCheckpoint Apply(FlowCheckpoint? cp, string instanceId, string type, JsonElement payload, long sequence)
    {
        try
        {
            if (payload.ValueKind != JsonValueKind.Object)
            {
                throw new FlowCheckpointException(instanceId, sequence, "the payload is missing (was it pruned by retention? flow events must be kept).");
            }

            int schema = payload.GetProperty("schema").GetInt32();
            if (schema > FlowEventTypes.SchemaVersion)
            {
                throw new FlowCheckpointException(instanceId, sequence, $"it was written with schema {schema}, newer than the {FlowEventTypes.SchemaVersion} this release reads; upgrade OperatorOs.");
            }

            if (type == FlowEventTypes.Started)
            {
                if (cp is not null)
                {
                    throw new FlowCheckpointException(instanceId, sequence, "the instance was started twice.");
                }

                DateTimeOffset at = payload.GetProperty("at").GetDateTimeOffset();
                return new FlowCheckpoint
                {
                    InstanceId = payload.GetProperty("instance").GetString()!,
                    FlowName = payload.GetProperty("flow").GetString()!,
                    FlowVersion = payload.GetProperty("version").GetInt32(),
                    CorrelationKey = payload.GetProperty("correlationKey").GetString(),
                    CorrelationId = payload.GetProperty("correlationId").GetString(),
                    StartedAt = at,
                    UpdatedAt = at,
                    State = payload.GetProperty("state").GetString()!,
                    Status = FlowStatus.Active,
                    Data = payload.GetProperty("data"),
                    Taint = Enum.Parse<TrustLevel>(payload.GetProperty("taint").GetString()!),
                    Timers = ReadTimers(payload),
                };
            }

            if (cp is null)
            {
                throw new FlowCheckpointException(instanceId, sequence, $"'{type}' comes before '{FlowEventTypes.Started}'.");
            }

            cp.UpdatedAt = payload.GetProperty("at").GetDateTimeOffset();
            switch (type)
            {
                case FlowEventTypes.Accepted:
                    JsonElement eventPayload = payload.TryGetProperty("payload", out JsonElement p) ? p : default;
                    string trigger = payload.GetProperty("trigger").GetString()!;
                    cp.Pending = new FlowPending
                    {
                        Seq = payload.GetProperty("seq").GetInt32(),
                        Kind = ParseKind(payload.GetProperty("kind").GetString()!),
                        Trigger = trigger,
                        Ordinal = payload.GetProperty("ordinal").GetInt32(),
                        Payload = eventPayload,
                        At = cp.UpdatedAt,
                    };
                    cp.Taint = Min(cp.Taint, Enum.Parse<TrustLevel>(payload.GetProperty("trust").GetString()!));
                    if (eventPayload.ValueKind != JsonValueKind.Undefined)
                    {
                        cp.Data = FlowData.With(cp.Data, FlowData.Events, trigger, eventPayload);
                    }

                    cp.Status = FlowStatus.Running;
                    cp.Error = null;
                    break;

                case FlowEventTypes.StepCompleted:
                    FlowPending running = RequirePending(cp, type, sequence);
                    cp.Data = FlowData.With(cp.Data, FlowData.Steps, payload.GetProperty("step").GetString()!, payload.GetProperty("output"));
                    running.NextStep++;
                    running.ApprovalId = null;
                    running.Step = null;
                    cp.Status = FlowStatus.Running;
                    cp.Error = null;
                    break;

                case FlowEventTypes.StepAwaitingApproval:
                    FlowPending waiting = RequirePending(cp, type, sequence);
                    waiting.ApprovalId = payload.GetProperty("approvalId").GetString();
                    waiting.Step = payload.GetProperty("step").GetString();
                    cp.Status = FlowStatus.AwaitingApproval;
                    break;

                case FlowEventTypes.StepRefused:
                    FlowPending refused = RequirePending(cp, type, sequence);
                    refused.Refused = true;
                    refused.Step = payload.GetProperty("step").GetString();
                    break;

                case FlowEventTypes.Transition:
                    cp.Seq = payload.GetProperty("seq").GetInt32();
                    cp.State = payload.GetProperty("to").GetString()!;
                    cp.Status = payload.GetProperty("status").GetString() == "completed" ? FlowStatus.Completed : FlowStatus.Active;
                    cp.Data = payload.GetProperty("data");
                    cp.Timers = ReadTimers(payload);
                    if (payload.TryGetProperty("trust", out JsonElement trust))
                    {
                        cp.Taint = Min(cp.Taint, Enum.Parse<TrustLevel>(trust.GetString()!));
                    }

                    cp.Pending = null;
                    cp.Error = null;
                    break;

                case FlowEventTypes.Ignored:
                    if (ParseKind(payload.GetProperty("kind").GetString()!) == FlowTriggerKind.Timer)
                    {
                        string timer = payload.GetProperty("trigger").GetString()!;
                        cp.Timers = cp.Timers.Where(t => t.Name != timer).ToList();
                    }

                    break;

                case FlowEventTypes.Failed:
                    cp.Error = payload.GetProperty("error").GetString();
                    cp.Status = payload.GetProperty("retryable").GetBoolean() ? FlowStatus.Running : FlowStatus.Failed;
                    if (cp.Pending is { } failed)
                    {
                        failed.Step = payload.GetProperty("step").GetString();
                    }

                    break;

                default:
                    throw new FlowCheckpointException(instanceId, sequence, $"the event type '{type}' is unknown to this release.");
            }

            return cp;
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new FlowCheckpointException(instanceId, sequence, $"the '{type}' event is malformed: {ex.Message}", ex);
        }
    }

    public static string KindName(FlowTriggerKind kind) => kind switch
    {
        FlowTriggerKind.Timer => "timer",
        FlowTriggerKind.Always => "always",
        _ => "event",
    };

    public static FlowTriggerKind ParseKind(string name) => name switch
    {
        "timer" => FlowTriggerKind.Timer,
        "always" => FlowTriggerKind.Always,
        "event" => FlowTriggerKind.Event,
        _ => throw new FormatException($"'{name}' is not a trigger kind."),
    };

    private static FlowPending RequirePending(FlowCheckpoint cp, string type, long sequence) =>
        cp.Pending ?? throw new FlowCheckpointException(cp.InstanceId, sequence, $"'{type}' comes outside a transition.");

    private static TrustLevel Min(TrustLevel a, TrustLevel b) => a < b ? a : b;

    private static void WriteHeader(Utf8JsonWriter w, FlowCheckpoint cp) => WriteHeader(w, cp.FlowName, cp.FlowVersion, cp.InstanceId);

    private static void WriteHeader(Utf8JsonWriter w, string flow, int version, string instanceId)
    {
        w.WriteNumber("schema", FlowEventTypes.SchemaVersion);
        w.WriteString("flow", flow);
        w.WriteNumber("version", version);
        w.WriteString("instance", instanceId);
    }

    private static void WriteStep(Utf8JsonWriter w, FlowCheckpoint cp, string step, ActionProposal proposal, DateTimeOffset at)
    {
        WriteHeader(w, cp);
        w.WriteNumber("seq", cp.Pending!.Seq);
        w.WriteString("step", step);
        w.WriteString("capability", proposal.Capability);
        w.WriteString("token", proposal.OperationToken.Value);
        w.WriteString("proposalId", proposal.Id);
        w.WriteElement("arguments", proposal.Arguments);
        w.WriteString("at", at);
    }

    private static void WriteTimers(Utf8JsonWriter w, IReadOnlyList<FlowTimer> timers)
    {
        w.WriteStartArray("timers");
        foreach (FlowTimer timer in timers)
        {
            w.WriteStartObject();
            w.WriteString("name", timer.Name);
            w.WriteString("due", timer.Due);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static List<FlowTimer> ReadTimers(JsonElement payload)
    {
        var timers = new List<FlowTimer>();
        foreach (JsonElement timer in payload.GetProperty("timers").EnumerateArray())
        {
            timers.Add(new FlowTimer(timer.GetProperty("name").GetString()!, timer.GetProperty("due").GetDateTimeOffset()));
        }

        return timers;
    }

    internal static string Describe(JsonElement value) =>
        value.ValueKind == JsonValueKind.Undefined ? "(none)" : value.GetRawText();

    internal static string Format(DateTimeOffset time) => time.ToString("O", CultureInfo.InvariantCulture);
}
