using System.Buffers;
using System.Text.Json;

namespace OperatorOs;

/// <summary>Collects the records an instance writes between two journal appends and turns them into one schema-2 event: the record itself when there is one, a <see cref="FlowEventTypes.Checkpoint"/> when there are several.</summary>
/// <remarks>
/// <para>Records are written once, field by field, with a <see cref="Utf8JsonWriter"/> into a reused buffer; the event's payload is
/// that buffer behind a header, in the journal's canonical form, so nothing is parsed or copied into a document on the way.</para>
/// <para>One writer serves one instance at a time (the runtime rents it for a gated operation); it is not thread-safe.</para>
/// </remarks>
internal sealed class FlowRecordWriter
{
    private readonly ArrayBufferWriter<byte> _records = new(1024);
    private readonly ArrayBufferWriter<byte> _event = new(1024);
    private readonly Utf8JsonWriter _json;
    private readonly Utf8JsonWriter _header;
    private string _firstType = string.Empty;
    private bool _firstHasTime;
    private int _firstFieldsStart;
    private bool _open;

    public FlowRecordWriter()
    {
        _json = new Utf8JsonWriter(_records);
        _header = new Utf8JsonWriter(_event);
    }

    /// <summary>Gets how many records wait to be written.</summary>
    public int Count { get; private set; }

    /// <summary>Gets a value indicating whether every record begun was ended: false after a write failed half-way, when the buffer cannot become an event.</summary>
    public bool IsComplete => !_open;

    /// <summary>Gets the time the last record carries itself, or <see langword="null"/> when it takes the time the event is written.</summary>
    public DateTimeOffset? LastRecordTime { get; private set; }

    /// <summary>Starts a record; write its fields with the returned writer, then call <see cref="End"/>.</summary>
    /// <param name="type">The record type.</param>
    /// <param name="at">The record's own time, when its meaning depends on it (a trigger accepted or ignored, a start); otherwise the event's time applies.</param>
    public Utf8JsonWriter Begin(string type, DateTimeOffset? at)
    {
        if (Count == 0)
        {
            _json.WriteStartArray();
        }

        _json.WriteStartObject();
        _json.WriteString("type", type);
        if (Count == 0)
        {
            _json.Flush();
            _firstFieldsStart = _records.WrittenCount;
            _firstType = type;
            _firstHasTime = at is not null;
        }

        if (at is { } time)
        {
            _json.WriteString("at", time);
        }

        LastRecordTime = at;
        Count++;
        _open = true;
        return _json;
    }

    public void End()
    {
        _json.WriteEndObject();
        _open = false;
    }

    /// <summary>Builds the event of the records written so far; the payload stays valid until the writer is cleared.</summary>
    public (string Type, ReadOnlyMemory<byte> Payload) Build(FlowCheckpoint cp, DateTimeOffset at)
    {
        _json.WriteEndArray();
        _json.Flush();
        _event.ResetWrittenCount();
        _header.Reset(_event);
        _header.WriteStartObject();
        _header.WriteNumber("schema", FlowEventTypes.SchemaVersion);
        _header.WriteString("flow", cp.FlowName);
        _header.WriteNumber("version", cp.FlowVersion);
        _header.WriteString("instance", cp.InstanceId);
        if (Count > 1)
        {
            _header.WriteString("at", at);
            _header.WritePropertyName("records");
            _header.WriteRawValue(_records.WrittenSpan, skipInputValidation: true);
            _header.WriteEndObject();
            _header.Flush();
            return (FlowEventTypes.Checkpoint, _event.WrittenMemory);
        }

        if (!_firstHasTime)
        {
            _header.WriteString("at", at);
        }

        _header.Flush();

        // A record alone is the event: the header, then the record's members after its type, with its closing brace (not the array's).
        ReadOnlySpan<byte> members = _records.WrittenSpan[_firstFieldsStart..^1];
        members.CopyTo(_event.GetSpan(members.Length));
        _event.Advance(members.Length);
        return (_firstType, _event.WrittenMemory);
    }

    public void Clear()
    {
        Count = 0;
        _open = false;
        LastRecordTime = null;
        _records.ResetWrittenCount();
        _json.Reset(_records);
    }

    public void Started(FlowDefinition definition, string? correlationKey, string? correlationId, JsonElement data, TrustLevel taint, DateTimeOffset at, IReadOnlyList<FlowTimer> timers)
    {
        Utf8JsonWriter w = Begin(FlowEventTypes.Started, at);
        w.WriteString("correlationKey", correlationKey);
        w.WriteString("correlationId", correlationId);
        w.WriteString("state", definition.InitialState);
        w.WriteString("taint", Name(taint));
        WriteTimers(w, timers, always: true);
        w.WriteElement("data", data);
        End();
    }

    public void Accepted(FlowCheckpoint cp, FlowPending pending, TrustLevel trust)
    {
        Utf8JsonWriter w = Begin(FlowEventTypes.Accepted, pending.At);
        w.WriteNumber("seq", pending.Seq);
        w.WriteString("kind", FlowHistory.KindName(pending.Kind));
        w.WriteString("trigger", pending.Trigger);
        w.WriteNumber("ordinal", pending.Ordinal);
        w.WriteString("from", cp.State);
        w.WriteString("trust", Name(trust));
        if (pending.Payload.ValueKind != JsonValueKind.Undefined)
        {
            w.WriteElement("payload", pending.Payload);
        }

        End();
    }

    /// <summary>The write-ahead record of a step that runs at once: the proposal and the policy decision that let it run.</summary>
    /// <remarks>What the kernel journals as proposal.created and policy.decided for other proposals, without the fields every flow
    /// step shares: the proposer is the flow, its kind <see cref="ActorKind.Flow"/>, its input <c>flow/{instance}</c>, its confidence 1,
    /// its token its id; the rationale is written only when the step declares one.</remarks>
    public void StepStarted(FlowCheckpoint cp, string step, ActionProposal proposal, string? declaredRationale, PolicyEvaluation evaluation)
    {
        Utf8JsonWriter w = Begin(FlowEventTypes.StepStarted, at: null);
        w.WriteNumber("seq", cp.Pending!.Seq);
        w.WriteString("step", step);
        w.WriteString("proposalId", proposal.Id);
        w.WriteString("capability", proposal.Capability);
        w.WriteElement("arguments", proposal.Arguments);
        if (declaredRationale is not null)
        {
            w.WriteString("rationale", declaredRationale);
        }

        w.WriteString("taint", Name(proposal.Taint));
        PolicyDecision decision = evaluation.Decision;
        w.WriteString("verdict", Name(decision.Verdict));
        w.WriteString("rule", decision.RuleId);
        w.WriteString("reason", decision.Reason);
        w.WriteStartArray("rules");
        IReadOnlyList<PolicyDecision> verdicts = evaluation.Verdicts;
        for (int i = 0; i < verdicts.Count; i++)
        {
            w.WriteStartObject();
            w.WriteString("rule", verdicts[i].RuleId);
            w.WriteString("verdict", Name(verdicts[i].Verdict));
            w.WriteString("reason", verdicts[i].Reason);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        End();
    }

    /// <summary>The outcome of a step its <see cref="StepStarted"/> record announced: the proposal's fields are there.</summary>
    public void StepCompleted(FlowCheckpoint cp, string step, ActionProposal proposal, OperationResult result)
    {
        Utf8JsonWriter w = Begin(FlowEventTypes.StepCompleted, at: null);
        w.WriteNumber("seq", cp.Pending!.Seq);
        w.WriteString("step", step);
        w.WriteString("proposalId", proposal.Id);
        w.WriteString("capability", result.Capability);
        w.WriteString("summary", result.Summary);
        w.WriteElement("output", result.Output);
        End();
    }

    /// <summary>The outcome of a step settled without a <see cref="StepStarted"/> record (after an approval, or found done by the connector): it carries the proposal's arguments and token itself.</summary>
    public void StepSettled(FlowCheckpoint cp, string step, ActionProposal proposal, OperationResult result, string? approvalId, JsonElement? corrected)
    {
        Utf8JsonWriter w = Begin(FlowEventTypes.StepCompleted, at: null);
        WriteStep(w, cp, step, proposal);
        w.WriteString("approvalId", approvalId);
        if (corrected is { } arguments)
        {
            // The operator's correction ran; "arguments" stays what the flow proposed, so a replay can compare it.
            w.WriteElement("correctedArguments", arguments);
        }

        w.WriteString("summary", result.Summary);
        w.WriteElement("output", result.Output);
        End();
    }

    public void StepAwaitingApproval(FlowCheckpoint cp, string step, ActionProposal proposal, string approvalId)
    {
        Utf8JsonWriter w = Begin(FlowEventTypes.StepAwaitingApproval, at: null);
        WriteStep(w, cp, step, proposal);
        w.WriteString("approvalId", approvalId);
        End();
    }

    public void StepRefused(FlowCheckpoint cp, string step, string outcome, string? reason)
    {
        Utf8JsonWriter w = Begin(FlowEventTypes.StepRefused, at: null);
        w.WriteNumber("seq", cp.Pending!.Seq);
        w.WriteString("step", step);
        w.WriteString("outcome", outcome);
        w.WriteString("reason", reason);
        End();
    }

    /// <summary>A completed transition; its time is written only for a transition without steps (one with steps keeps its accepted record's).</summary>
    public void Transition(FlowCheckpoint cp, FlowTransitionRecord t)
    {
        Utf8JsonWriter w = Begin(FlowEventTypes.Transition, cp.Pending is null ? t.At : null);
        w.WriteNumber("seq", t.Seq);
        w.WriteString("kind", FlowHistory.KindName(t.Kind));
        w.WriteString("trigger", t.Trigger);
        w.WriteNumber("ordinal", t.Ordinal);
        w.WriteString("from", cp.State);
        w.WriteString("to", t.To);
        w.WriteString("status", t.Status == FlowStatus.Completed ? "completed" : "active");
        if (t.Refused)
        {
            w.WriteBoolean("refused", true);
        }

        if (t.Payload is { ValueKind: not JsonValueKind.Undefined } payload)
        {
            w.WriteElement("payload", payload);
        }

        if (t.Trust is { } trust)
        {
            w.WriteString("trust", Name(trust));
        }

        WriteTimers(w, t.Timers, always: false);
        End();
    }

    public void Ignored(FlowCheckpoint cp, FlowTriggerKind kind, string trigger, JsonElement payload, DateTimeOffset at)
    {
        Utf8JsonWriter w = Begin(FlowEventTypes.Ignored, at);
        w.WriteString("kind", FlowHistory.KindName(kind));
        w.WriteString("trigger", trigger);
        w.WriteString("from", cp.State);
        if (payload.ValueKind != JsonValueKind.Undefined)
        {
            w.WriteElement("payload", payload);
        }

        End();
    }

    public void Failed(FlowCheckpoint cp, string? step, string error, bool retryable)
    {
        Utf8JsonWriter w = Begin(FlowEventTypes.Failed, at: null);
        w.WriteNumber("seq", cp.Pending?.Seq ?? cp.Seq);
        w.WriteString("step", step);
        w.WriteString("error", error);
        w.WriteBoolean("retryable", retryable);
        End();
    }

    private static void WriteStep(Utf8JsonWriter w, FlowCheckpoint cp, string step, ActionProposal proposal)
    {
        w.WriteNumber("seq", cp.Pending!.Seq);
        w.WriteString("step", step);
        w.WriteString("capability", proposal.Capability);
        w.WriteString("token", proposal.OperationToken.Value);
        w.WriteString("proposalId", proposal.Id);
        w.WriteElement("arguments", proposal.Arguments);
    }

    private static void WriteTimers(Utf8JsonWriter w, IReadOnlyList<FlowTimer> timers, bool always)
    {
        if (timers.Count == 0 && !always)
        {
            return;
        }

        w.WriteStartArray("timers");
        for (int i = 0; i < timers.Count; i++)
        {
            w.WriteStartObject();
            w.WriteString("name", timers[i].Name);
            w.WriteString("due", timers[i].Due);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    // Enum names without Enum.ToString's lookups; the stable names the journal has always carried.
    private static string Name(TrustLevel level) => level switch
    {
        TrustLevel.Untrusted => nameof(TrustLevel.Untrusted),
        TrustLevel.Internal => nameof(TrustLevel.Internal),
        TrustLevel.Operator => nameof(TrustLevel.Operator),
        _ => level.ToString(),
    };

    private static string Name(PolicyVerdict verdict) => verdict switch
    {
        PolicyVerdict.Execute => nameof(PolicyVerdict.Execute),
        PolicyVerdict.NeedsApproval => nameof(PolicyVerdict.NeedsApproval),
        PolicyVerdict.ShadowOnly => nameof(PolicyVerdict.ShadowOnly),
        PolicyVerdict.Deny => nameof(PolicyVerdict.Deny),
        _ => verdict.ToString(),
    };
}
