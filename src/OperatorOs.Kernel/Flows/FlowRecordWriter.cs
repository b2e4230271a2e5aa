using System.Buffers;
using System.Buffers.Text;
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
        _json.WriteString(N.Type, type);
        if (Count == 0)
        {
            _json.Flush();
            _firstFieldsStart = _records.WrittenCount;
            _firstType = type;
            _firstHasTime = at is not null;
        }

        if (at is { } time)
        {
            WriteTime(_json, N.At, time);
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
        _header.WriteNumber(N.Schema, FlowEventTypes.SchemaVersion);
        _header.WriteString(N.Flow, cp.FlowName);
        _header.WriteNumber(N.Version, cp.FlowVersion);
        _header.WriteString(N.Instance, cp.InstanceId);
        if (Count > 1)
        {
            WriteTime(_header, N.At, at);
            _header.WritePropertyName(N.Records);
            _header.WriteRawValue(_records.WrittenSpan, skipInputValidation: true);
            _header.WriteEndObject();
            _header.Flush();
            return (FlowEventTypes.Checkpoint, _event.WrittenMemory);
        }

        if (!_firstHasTime)
        {
            WriteTime(_header, N.At, at);
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

    public void Started(FlowDefinition definition, string? correlationKey, string? correlationId, FlowData data, TrustLevel taint, DateTimeOffset at, IReadOnlyList<FlowTimer> timers)
    {
        Utf8JsonWriter w = Begin(FlowEventTypes.Started, at);
        WriteIfSet(w, N.CorrelationKey, correlationKey);
        WriteIfSet(w, N.CorrelationId, correlationId);
        w.WriteString(N.State, definition.InitialState);
        w.WriteString(N.Taint, Name(taint));
        WriteTimers(w, timers);
        w.WritePropertyName(N.Data);
        data.WriteTo(w);
        End();
    }

    public void Accepted(FlowCheckpoint cp, FlowPending pending, TrustLevel trust)
    {
        Utf8JsonWriter w = Begin(FlowEventTypes.Accepted, pending.At);
        w.WriteNumber(N.Seq, pending.Seq);
        w.WriteString(N.Kind, FlowHistory.KindName(pending.Kind));
        w.WriteString(N.Trigger, pending.Trigger);
        w.WriteNumber(N.Ordinal, pending.Ordinal);
        w.WriteString(N.From, cp.State);
        w.WriteString(N.Trust, Name(trust));
        if (pending.Payload.ValueKind != JsonValueKind.Undefined)
        {
            w.WriteElement(N.Payload, pending.Payload);
        }

        End();
    }

    /// <summary>The write-ahead record of a step that runs at once: the proposal and the policy decision that let it run.</summary>
    /// <remarks>What the kernel journals as proposal.created and policy.decided for other proposals, without the fields every flow
    /// step shares: the proposer is the flow, its kind <see cref="ActorKind.Flow"/>, its input <c>flow/{instance}</c>, its confidence 1,
    /// its token its id; the rationale is written only when the step declares one. <c>"rules"</c> holds every verdict; the deciding
    /// one is named by <c>"rule"</c> and <c>"verdict"</c>, its reason is in the list.</remarks>
    public void StepStarted(FlowCheckpoint cp, string step, ActionProposal proposal, string? declaredRationale, PolicyEvaluation evaluation)
    {
        Utf8JsonWriter w = Begin(FlowEventTypes.StepStarted, at: null);
        w.WriteNumber(N.Seq, cp.Pending!.Seq);
        w.WriteString(N.Step, step);
        w.WriteString(N.ProposalId, proposal.Id);
        w.WriteString(N.Capability, proposal.Capability);
        w.WriteElement(N.Arguments, proposal.Arguments);
        if (declaredRationale is not null)
        {
            w.WriteString(N.Rationale, declaredRationale);
        }

        w.WriteString(N.Taint, Name(proposal.Taint));
        PolicyDecision decision = evaluation.Decision;
        w.WriteString(N.Verdict, Name(decision.Verdict));
        w.WriteString(N.Rule, decision.RuleId);
        w.WriteStartArray(N.Rules);
        IReadOnlyList<PolicyDecision> verdicts = evaluation.Verdicts;
        for (int i = 0; i < verdicts.Count; i++)
        {
            w.WriteStartObject();
            w.WriteString(N.Rule, verdicts[i].RuleId);
            w.WriteString(N.Verdict, Name(verdicts[i].Verdict));
            w.WriteString(N.Reason, verdicts[i].Reason);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        End();
    }

    /// <summary>The outcome of a step its <see cref="StepStarted"/> record announced: the proposal's fields are there.</summary>
    public void StepCompleted(FlowCheckpoint cp, string step, ActionProposal proposal, OperationResult result)
    {
        Utf8JsonWriter w = Begin(FlowEventTypes.StepCompleted, at: null);
        w.WriteNumber(N.Seq, cp.Pending!.Seq);
        w.WriteString(N.Step, step);
        w.WriteString(N.ProposalId, proposal.Id);
        w.WriteString(N.Capability, result.Capability);
        w.WriteString(N.Summary, result.Summary);
        w.WriteElement(N.Output, result.Output);
        End();
    }

    /// <summary>The outcome of a step settled without a <see cref="StepStarted"/> record (after an approval, or found done by the connector): it carries the proposal's arguments and token itself.</summary>
    public void StepSettled(FlowCheckpoint cp, string step, ActionProposal proposal, OperationResult result, string? approvalId, JsonElement? corrected)
    {
        Utf8JsonWriter w = Begin(FlowEventTypes.StepCompleted, at: null);
        WriteStep(w, cp, step, proposal);
        w.WriteString(N.ApprovalId, approvalId);
        if (corrected is { } arguments)
        {
            // The operator's correction ran; "arguments" stays what the flow proposed, so a replay can compare it.
            w.WriteElement(N.CorrectedArguments, arguments);
        }

        w.WriteString(N.Summary, result.Summary);
        w.WriteElement(N.Output, result.Output);
        End();
    }

    public void StepAwaitingApproval(FlowCheckpoint cp, string step, ActionProposal proposal, string approvalId)
    {
        Utf8JsonWriter w = Begin(FlowEventTypes.StepAwaitingApproval, at: null);
        WriteStep(w, cp, step, proposal);
        w.WriteString(N.ApprovalId, approvalId);
        End();
    }

    public void StepRefused(FlowCheckpoint cp, string step, string outcome, string? reason)
    {
        Utf8JsonWriter w = Begin(FlowEventTypes.StepRefused, at: null);
        w.WriteNumber(N.Seq, cp.Pending!.Seq);
        w.WriteString(N.Step, step);
        w.WriteString(N.Outcome, outcome);
        w.WriteString(N.Reason, reason);
        End();
    }

    /// <summary>A completed transition. One with steps keeps its accepted record's kind, ordinal and time; one without writes them.</summary>
    public void Transition(FlowCheckpoint cp, in FlowTransitionRecord t)
    {
        bool accepted = cp.Pending is not null;
        Utf8JsonWriter w = Begin(FlowEventTypes.Transition, accepted ? null : t.At);
        w.WriteNumber(N.Seq, t.Seq);
        if (!accepted)
        {
            w.WriteString(N.Kind, FlowHistory.KindName(t.Kind));
            w.WriteNumber(N.Ordinal, t.Ordinal);
        }

        w.WriteString(N.Trigger, t.Trigger);
        w.WriteString(N.From, cp.State);
        w.WriteString(N.To, t.To);
        w.WriteString(N.Status, t.Status == FlowStatus.Completed ? N.CompletedStatus : N.ActiveStatus);
        if (t.Refused)
        {
            w.WriteBoolean(N.Refused, true);
        }

        if (t.Payload is { ValueKind: not JsonValueKind.Undefined } payload)
        {
            w.WriteElement(N.Payload, payload);
        }

        if (t.Trust is { } trust)
        {
            w.WriteString(N.Trust, Name(trust));
        }

        WriteTimers(w, t.Timers);
        End();
    }

    public void Ignored(FlowCheckpoint cp, FlowTriggerKind kind, string trigger, JsonElement payload, DateTimeOffset at)
    {
        Utf8JsonWriter w = Begin(FlowEventTypes.Ignored, at);
        w.WriteString(N.Kind, FlowHistory.KindName(kind));
        w.WriteString(N.Trigger, trigger);
        w.WriteString(N.From, cp.State);
        if (payload.ValueKind != JsonValueKind.Undefined)
        {
            w.WriteElement(N.Payload, payload);
        }

        End();
    }

    public void Failed(FlowCheckpoint cp, string? step, string error, bool retryable, DateTimeOffset? retryAt)
    {
        Utf8JsonWriter w = Begin(FlowEventTypes.Failed, at: null);
        w.WriteNumber(N.Seq, cp.Pending?.Seq ?? cp.Seq);
        w.WriteString(N.Step, step);
        w.WriteString(N.Error, error);
        w.WriteBoolean(N.Retryable, retryable);
        if (retryAt is { } retry)
        {
            // Kept so that a restart waits out the rest of the delay (a service's Retry-After included) instead of retrying at once.
            WriteTime(w, N.RetryAt, retry);
        }
        End();
    }

    private static void WriteStep(Utf8JsonWriter w, FlowCheckpoint cp, string step, ActionProposal proposal)
    {
        w.WriteNumber(N.Seq, cp.Pending!.Seq);
        w.WriteString(N.Step, step);
        w.WriteString(N.Capability, proposal.Capability);
        w.WriteString(N.Token, proposal.OperationToken.Value);
        w.WriteString(N.ProposalId, proposal.Id);
        w.WriteElement(N.Arguments, proposal.Arguments);
    }

    // A time as the journal's canonical form has it: the writer's DateTimeOffset overload leaves '+' unescaped, while a string
    // written back from the parsed payload escapes it; written as a string, the bytes are what verification recomputes.
    // A UTC time (the clock's, so nearly every one) as "…Z": the "+00:00" of an offset is escaped in canonical JSON, eleven bytes for one.
    private static void WriteTime(Utf8JsonWriter w, JsonEncodedText name, DateTimeOffset time)
    {
        Span<byte> text = stackalloc byte[40];
        int length;
        if (time.Offset == TimeSpan.Zero)
        {
            _ = Utf8Formatter.TryFormat(time.UtcDateTime, text, out length, new StandardFormat('O'));
        }
        else
        {
            _ = Utf8Formatter.TryFormat(time, text, out length, new StandardFormat('O'));
        }

        w.WriteString(name, text[..length]);
    }

    private static void WriteIfSet(Utf8JsonWriter w, JsonEncodedText name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    // Schema 2 leaves out an empty list.
    private static void WriteTimers(Utf8JsonWriter w, IReadOnlyList<FlowTimer> timers)
    {
        if (timers.Count == 0)
        {
            return;
        }

        w.WriteStartArray(N.Timers);
        for (int i = 0; i < timers.Count; i++)
        {
            w.WriteStartObject();
            w.WriteString(N.Name, timers[i].Name);
            WriteTime(w, N.Due, timers[i].Due);
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

    // Property names, escaped once.
    private static class N
    {
        public static readonly JsonEncodedText ActiveStatus = JsonEncodedText.Encode("active");

        public static readonly JsonEncodedText CompletedStatus = JsonEncodedText.Encode("completed");

        public static readonly JsonEncodedText ApprovalId = JsonEncodedText.Encode("approvalId");

        public static readonly JsonEncodedText Arguments = JsonEncodedText.Encode("arguments");

        public static readonly JsonEncodedText At = JsonEncodedText.Encode("at");

        public static readonly JsonEncodedText Capability = JsonEncodedText.Encode("capability");

        public static readonly JsonEncodedText CorrectedArguments = JsonEncodedText.Encode("correctedArguments");

        public static readonly JsonEncodedText CorrelationId = JsonEncodedText.Encode("correlationId");

        public static readonly JsonEncodedText CorrelationKey = JsonEncodedText.Encode("correlationKey");

        public static readonly JsonEncodedText Data = JsonEncodedText.Encode("data");

        public static readonly JsonEncodedText Due = JsonEncodedText.Encode("due");

        public static readonly JsonEncodedText Error = JsonEncodedText.Encode("error");

        public static readonly JsonEncodedText Flow = JsonEncodedText.Encode("flow");

        public static readonly JsonEncodedText From = JsonEncodedText.Encode("from");

        public static readonly JsonEncodedText Instance = JsonEncodedText.Encode("instance");

        public static readonly JsonEncodedText Kind = JsonEncodedText.Encode("kind");

        public static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");

        public static readonly JsonEncodedText Ordinal = JsonEncodedText.Encode("ordinal");

        public static readonly JsonEncodedText Outcome = JsonEncodedText.Encode("outcome");

        public static readonly JsonEncodedText Output = JsonEncodedText.Encode("output");

        public static readonly JsonEncodedText Payload = JsonEncodedText.Encode("payload");

        public static readonly JsonEncodedText ProposalId = JsonEncodedText.Encode("proposalId");

        public static readonly JsonEncodedText Rationale = JsonEncodedText.Encode("rationale");

        public static readonly JsonEncodedText Reason = JsonEncodedText.Encode("reason");

        public static readonly JsonEncodedText Records = JsonEncodedText.Encode("records");

        public static readonly JsonEncodedText Refused = JsonEncodedText.Encode("refused");

        public static readonly JsonEncodedText Retryable = JsonEncodedText.Encode("retryable");

        public static readonly JsonEncodedText RetryAt = JsonEncodedText.Encode("retryAt");

        public static readonly JsonEncodedText Rule = JsonEncodedText.Encode("rule");

        public static readonly JsonEncodedText Rules = JsonEncodedText.Encode("rules");

        public static readonly JsonEncodedText Schema = JsonEncodedText.Encode("schema");

        public static readonly JsonEncodedText Seq = JsonEncodedText.Encode("seq");

        public static readonly JsonEncodedText State = JsonEncodedText.Encode("state");

        public static readonly JsonEncodedText Status = JsonEncodedText.Encode("status");

        public static readonly JsonEncodedText Step = JsonEncodedText.Encode("step");

        public static readonly JsonEncodedText Summary = JsonEncodedText.Encode("summary");

        public static readonly JsonEncodedText Taint = JsonEncodedText.Encode("taint");

        public static readonly JsonEncodedText Timers = JsonEncodedText.Encode("timers");

        public static readonly JsonEncodedText To = JsonEncodedText.Encode("to");

        public static readonly JsonEncodedText Token = JsonEncodedText.Encode("token");

        public static readonly JsonEncodedText Trigger = JsonEncodedText.Encode("trigger");

        public static readonly JsonEncodedText Trust = JsonEncodedText.Encode("trust");

        public static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");

        public static readonly JsonEncodedText Verdict = JsonEncodedText.Encode("verdict");

        public static readonly JsonEncodedText Version = JsonEncodedText.Encode("version");
    }
}
