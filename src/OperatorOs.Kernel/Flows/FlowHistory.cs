using System.Globalization;
using System.Text.Json;

namespace OperatorOs;

/// <summary>Folds the records of a flow instance's stream into a <see cref="FlowCheckpoint"/>: schema 1 events (one record each) and schema 2 events (a record, or a <see cref="FlowEventTypes.Checkpoint"/> of several).</summary>
/// <remarks>
/// Each record type has one typed <c>Apply…</c> method. The runtime calls it with the values it has just written to the record
/// (<see cref="FlowRecordWriter"/>); reading calls it with the values parsed back from the journal. So the state in memory is
/// always the state recovery rebuilds. Reading refuses a schema newer than <see cref="FlowEventTypes.SchemaVersion"/>.
/// </remarks>
internal static class FlowHistory
{
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

    /// <summary>Applies one event (every record it holds) to an instance's state and returns the state (a new one for <see cref="FlowEventTypes.Started"/>).</summary>
    public static FlowCheckpoint Apply(FlowCheckpoint? cp, string instanceId, string type, JsonElement payload, long sequence)
    {
        CheckSchema(instanceId, type, payload, sequence);
        if (type != FlowEventTypes.Checkpoint)
        {
            return ApplyRecord(cp, instanceId, type, payload, payload, sequence);
        }

        FlowCheckpoint? applied = cp;
        try
        {
            foreach (JsonElement record in payload.GetProperty("records").EnumerateArray())
            {
                applied = ApplyRecord(applied, instanceId, record.GetProperty("type").GetString()!, record, payload, sequence);
            }
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException)
        {
            throw new FlowCheckpointException(instanceId, sequence, $"the '{type}' event is malformed: {ex.Message}", ex);
        }

        return applied ?? throw new FlowCheckpointException(instanceId, sequence, "the checkpoint holds no records.");
    }

    /// <summary>Refuses an event without a payload (pruned) or of a newer schema.</summary>
    public static void CheckSchema(string instanceId, string type, JsonElement payload, long sequence)
    {
        if (payload.ValueKind != JsonValueKind.Object)
        {
            throw new FlowCheckpointException(instanceId, sequence, "the payload is missing (was it pruned by retention? flow events must be kept).");
        }

        int schema = payload.TryGetProperty("schema", out JsonElement value) && value.TryGetInt32(out int number)
            ? number
            : throw new FlowCheckpointException(instanceId, sequence, $"the '{type}' event carries no schema version.");
        if (schema > FlowEventTypes.SchemaVersion)
        {
            throw new FlowCheckpointException(instanceId, sequence, $"it was written with schema {schema}, newer than the {FlowEventTypes.SchemaVersion} this release reads; upgrade OperatorOs.");
        }
    }

    /// <summary>Applies one record; <paramref name="header"/> is the event that holds it (the record itself when it is alone), for the instance's names and the time it was written.</summary>
    public static FlowCheckpoint ApplyRecord(FlowCheckpoint? cp, string instanceId, string type, JsonElement record, JsonElement header, long sequence)
    {
        try
        {
            DateTimeOffset? own = record.TryGetProperty("at", out JsonElement at) ? at.GetDateTimeOffset() : null;
            if (type == FlowEventTypes.Started)
            {
                if (cp is not null)
                {
                    throw new FlowCheckpointException(instanceId, sequence, "the instance was started twice.");
                }

                return ApplyStarted(
                    header.GetProperty("instance").GetString()!,
                    header.GetProperty("flow").GetString()!,
                    header.GetProperty("version").GetInt32(),
                    record.TryGetProperty("correlationKey", out JsonElement key) ? key.GetString() : null,
                    record.TryGetProperty("correlationId", out JsonElement correlation) ? correlation.GetString() : null,
                    record.GetProperty("state").GetString()!,
                    Enum.Parse<TrustLevel>(record.GetProperty("taint").GetString()!),
                    own ?? throw new KeyNotFoundException("'at' is missing."),
                    ReadTimers(record),
                    FlowData.FromElement(record.GetProperty("data")));
            }

            if (cp is null)
            {
                throw new FlowCheckpointException(instanceId, sequence, $"'{type}' comes before '{FlowEventTypes.Started}'.");
            }

            DateTimeOffset written = own ?? header.GetProperty("at").GetDateTimeOffset();
            switch (type)
            {
                case FlowEventTypes.Accepted:
                    var pending = new FlowPending
                    {
                        Seq = record.GetProperty("seq").GetInt32(),
                        Kind = ParseKind(record.GetProperty("kind").GetString()!),
                        Trigger = record.GetProperty("trigger").GetString()!,
                        Ordinal = record.GetProperty("ordinal").GetInt32(),
                        Payload = record.TryGetProperty("payload", out JsonElement p) ? p : default,
                        At = written,
                    };
                    ApplyAccepted(cp, pending, Enum.Parse<TrustLevel>(record.GetProperty("trust").GetString()!));
                    break;

                case FlowEventTypes.StepStarted:
                    _ = RequirePending(cp, type, sequence);
                    ApplyStepStarted(cp);
                    break;

                case FlowEventTypes.StepCompleted:
                    ApplyStepCompleted(cp, RequirePending(cp, type, sequence), record.GetProperty("step").GetString()!, record.GetProperty("output"));
                    break;

                case FlowEventTypes.StepAwaitingApproval:
                    ApplyStepAwaitingApproval(cp, RequirePending(cp, type, sequence), record.GetProperty("step").GetString()!, record.GetProperty("approvalId").GetString()!);
                    break;

                case FlowEventTypes.StepRefused:
                    ApplyStepRefused(RequirePending(cp, type, sequence), record.GetProperty("step").GetString()!);
                    break;

                case FlowEventTypes.Transition:
                    ApplyTransition(
                        cp,
                        record.GetProperty("seq").GetInt32(),
                        record.GetProperty("trigger").GetString()!,
                        record.GetProperty("to").GetString()!,
                        record.GetProperty("status").GetString() == "completed" ? FlowStatus.Completed : FlowStatus.Active,
                        ReadTimers(record),
                        record.TryGetProperty("payload", out JsonElement eventPayload) ? eventPayload : default,
                        record.TryGetProperty("trust", out JsonElement trust) ? Enum.Parse<TrustLevel>(trust.GetString()!) : null,
                        record.TryGetProperty("data", out JsonElement data) ? FlowData.FromElement(data) : null);
                    break;

                case FlowEventTypes.Ignored:
                    ApplyIgnored(cp, ParseKind(record.GetProperty("kind").GetString()!), record.GetProperty("trigger").GetString()!);
                    break;

                case FlowEventTypes.Failed:
                    ApplyFailed(
                        cp, record.GetProperty("step").GetString(), record.GetProperty("error").GetString()!, record.GetProperty("retryable").GetBoolean(),
                        record.TryGetProperty("retryAt", out JsonElement retryAt) ? retryAt.GetDateTimeOffset() : null);
                    break;

                default:
                    throw new FlowCheckpointException(instanceId, sequence, $"the record type '{type}' is unknown to this release.");
            }

            cp.UpdatedAt = written;
            return cp;
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new FlowCheckpointException(instanceId, sequence, $"the '{type}' record is malformed: {ex.Message}", ex);
        }
    }

    public static FlowCheckpoint ApplyStarted(
        string instanceId, string flowName, int flowVersion, string? correlationKey, string? correlationId, string state, TrustLevel taint, DateTimeOffset at, IReadOnlyList<FlowTimer> timers, FlowData data) =>
        new()
        {
            InstanceId = instanceId,
            FlowName = flowName,
            FlowVersion = flowVersion,
            CorrelationKey = correlationKey,
            CorrelationId = correlationId,
            StartedAt = at,
            UpdatedAt = at,
            State = state,
            Status = FlowStatus.Active,
            Data = data,
            Taint = taint,
            Timers = timers,
        };

    public static void ApplyAccepted(FlowCheckpoint cp, FlowPending pending, TrustLevel trust)
    {
        cp.Pending = pending;
        cp.Taint = Min(cp.Taint, trust);
        if (pending.Payload.ValueKind != JsonValueKind.Undefined)
        {
            cp.Data = cp.Data.With(FlowData.Events, pending.Trigger, pending.Payload);
        }

        cp.Status = FlowStatus.Running;
        cp.Error = null;
        cp.RetryAt = null;
    }

    /// <summary>Changes only the status: the pending transition already says a step may be under way, so a loaded instance asks the step's connector first.</summary>
    public static void ApplyStepStarted(FlowCheckpoint cp)
    {
        cp.Status = FlowStatus.Running;
        cp.Error = null;
        cp.RetryAt = null;
    }

    public static void ApplyStepCompleted(FlowCheckpoint cp, FlowPending pending, string step, JsonElement output)
    {
        cp.Data = cp.Data.With(FlowData.Steps, step, output);
        pending.NextStep++;
        pending.ApprovalId = null;
        pending.Step = null;
        cp.Status = FlowStatus.Running;
        cp.Error = null;
        cp.RetryAt = null;
    }

    public static void ApplyStepAwaitingApproval(FlowCheckpoint cp, FlowPending pending, string step, string approvalId)
    {
        pending.ApprovalId = approvalId;
        pending.Step = step;
        cp.Status = FlowStatus.AwaitingApproval;
    }

    public static void ApplyStepRefused(FlowPending pending, string step)
    {
        pending.Refused = true;
        pending.Step = step;
    }

    /// <summary>Enters the target state with its data on arrival: given when known (a schema 1 record carries it; the runtime computed it for the
    /// state's timers), else rebuilt as the runtime does: the event's payload of a transition without steps is kept like an accepted one's.</summary>
    public static void ApplyTransition(FlowCheckpoint cp, int seq, string trigger, string to, FlowStatus status, IReadOnlyList<FlowTimer> timers, JsonElement payload, TrustLevel? trust, FlowData? data)
    {
        cp.Seq = seq;
        cp.State = to;
        cp.Status = status;
        cp.Timers = timers;
        if (data is not null)
        {
            cp.Data = data;
        }
        else if (payload.ValueKind != JsonValueKind.Undefined)
        {
            cp.Data = cp.Data.With(FlowData.Events, trigger, payload);
        }

        if (trust is { } level)
        {
            cp.Taint = Min(cp.Taint, level);
        }

        cp.Pending = null;
        cp.Error = null;
        cp.RetryAt = null;
    }

    public static void ApplyIgnored(FlowCheckpoint cp, FlowTriggerKind kind, string trigger)
    {
        if (kind == FlowTriggerKind.Timer)
        {
            cp.Timers = [.. cp.Timers.Where(t => t.Name != trigger)];
        }
    }

    public static void ApplyFailed(FlowCheckpoint cp, string? step, string error, bool retryable, DateTimeOffset? retryAt)
    {
        cp.Error = error;
        cp.RetryAt = retryable ? retryAt : null;
        cp.Status = retryable ? FlowStatus.Running : FlowStatus.Failed;
        if (cp.Pending is { } failed)
        {
            failed.Step = step;
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

    /// <summary>Reads a record's timers; schema 2 leaves out an empty list.</summary>
    public static List<FlowTimer> ReadTimers(JsonElement record)
    {
        var timers = new List<FlowTimer>();
        if (record.TryGetProperty("timers", out JsonElement list))
        {
            foreach (JsonElement timer in list.EnumerateArray())
            {
                timers.Add(new FlowTimer(timer.GetProperty("name").GetString()!, timer.GetProperty("due").GetDateTimeOffset()));
            }
        }

        return timers;
    }

    internal static string Describe(JsonElement value) =>
        value.ValueKind == JsonValueKind.Undefined ? "(none)" : value.GetRawText();

    internal static string Format(DateTimeOffset time) => time.ToString("O", CultureInfo.InvariantCulture);

    private static FlowPending RequirePending(FlowCheckpoint cp, string type, long sequence) =>
        cp.Pending ?? throw new FlowCheckpointException(cp.InstanceId, sequence, $"'{type}' comes outside a transition.");

    private static TrustLevel Min(TrustLevel a, TrustLevel b) => a < b ? a : b;
}
