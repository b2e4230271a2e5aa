using System.Text.Json;

namespace OperatorOs.Kernel.Tests.Flows;

public sealed class FlowRecordWriterTests
{
    private static readonly DateTimeOffset Accepted = new(2026, 9, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Written = Accepted.AddSeconds(2);

    [Fact]
    public void OneRecordWithItsOwnTime_IsAnEventOfItsType_TheHeaderAndItsFields()
    {
        var writer = new FlowRecordWriter();
        FlowCheckpoint cp = Checkpoint("i \"1\"");

        writer.Ignored(cp, FlowTriggerKind.Event, "payment.received", TestJson.Parse("""{"amount":"<5>"}"""), Accepted);
        (string type, ReadOnlyMemory<byte> payload) = writer.Build(cp, Written);

        Assert.Equal(FlowEventTypes.Ignored, type);
        Assert.Equal(
            """{"schema":2,"flow":"enrollment","version":3,"instance":"i \u00221\u0022","at":"2026-09-01T09:00:00.0000000Z","kind":"event","trigger":"payment.received","from":"awaiting-payment","payload":{"amount":"\u003C5\u003E"}}""",
            System.Text.Encoding.UTF8.GetString(payload.Span));
        AssertCanonical(payload);
    }

    [Fact]
    public void OneRecordWithoutATime_TakesTheEventsTime()
    {
        var writer = new FlowRecordWriter();
        FlowCheckpoint cp = Checkpoint("i-1");

        writer.Failed(cp, "note", "refused", retryable: false, retryAt: null);
        (string type, ReadOnlyMemory<byte> payload) = writer.Build(cp, Written);

        Assert.Equal(FlowEventTypes.Failed, type);
        JsonElement p = JsonElement.Parse(payload.Span);
        Assert.Equal(Written, p.GetProperty("at").GetDateTimeOffset());
        Assert.Equal("refused", p.GetProperty("error").GetString());
        AssertCanonical(payload);
    }

    [Fact]
    public void SeveralRecords_AreOneCheckpoint_InOrder_AndTheWriterIsReusedAfterClear()
    {
        var writer = new FlowRecordWriter();
        FlowCheckpoint cp = Checkpoint("i-1");
        var pending = new FlowPending { Seq = 1, Kind = FlowTriggerKind.Always, Trigger = "always", Ordinal = 0, Payload = default, At = Accepted };

        writer.Accepted(cp, pending, TrustLevel.Internal);
        FlowHistory.ApplyAccepted(cp, pending, TrustLevel.Internal);
        writer.Failed(cp, "note", "busy", retryable: true, retryAt: Written.AddMinutes(5));
        (string type, ReadOnlyMemory<byte> payload) = writer.Build(cp, Written);

        Assert.Equal(FlowEventTypes.Checkpoint, type);
        JsonElement p = JsonElement.Parse(payload.Span);
        Assert.Equal(FlowEventTypes.SchemaVersion, p.GetProperty("schema").GetInt32());
        Assert.Equal(Written, p.GetProperty("at").GetDateTimeOffset());
        Assert.Equal([FlowEventTypes.Accepted, FlowEventTypes.Failed], p.GetProperty("records").EnumerateArray().Select(r => r.GetProperty("type").GetString()));
        Assert.Equal(Accepted, p.GetProperty("records")[0].GetProperty("at").GetDateTimeOffset());
        Assert.False(p.GetProperty("records")[1].TryGetProperty("at", out _));
        Assert.Equal(Written.AddMinutes(5), p.GetProperty("records")[1].GetProperty("retryAt").GetDateTimeOffset());
        AssertCanonical(payload);

        writer.Clear();
        writer.Failed(cp, null, "again", retryable: false, retryAt: null);
        Assert.Equal(FlowEventTypes.Failed, writer.Build(cp, Written).Type);
    }

    [Fact]
    public void BuiltEvents_FoldToTheStateTheRecordsWereAppliedTo()
    {
        var writer = new FlowRecordWriter();
        FlowDefinition definition = FlowHarness.Enrollment();
        FlowData data = FlowData.Initial(TestJson.Parse("""{"student":"s1"}"""));
        FlowCheckpoint live = FlowHistory.ApplyStarted("i-1", definition.Name, definition.Version, "student/1", null, definition.InitialState, TrustLevel.Internal, Accepted, [], data);
        writer.Started(definition, "student/1", null, data, TrustLevel.Internal, Accepted, []);
        var events = new List<(string Type, JsonElement Payload)> { Take(writer, live) };

        var pending = new FlowPending { Seq = 1, Kind = FlowTriggerKind.Event, Trigger = "payment.received", Ordinal = 0, Payload = TestJson.Parse("""{"amount":150}"""), At = Accepted };
        writer.Accepted(live, pending, TrustLevel.Untrusted);
        FlowHistory.ApplyAccepted(live, pending, TrustLevel.Untrusted);
        var proposal = new ActionProposal("flow:i-1:1.note-payment", "notes.write", TestJson.Parse("""{"paid":150}"""), "enrollment", Accepted);
        var evaluation = new PolicyEvaluation(PolicyDecision.Execute("risk-tier.internal", "runs"), [PolicyDecision.Execute("risk-tier.internal", "runs")]);
        writer.StepStarted(live, "note-payment", proposal, null, evaluation);
        FlowHistory.ApplyStepStarted(live);
        events.Add(Take(writer, live));

        var result = new OperationResult(new OperationToken(proposal.Id), "notes.write", TestJson.Parse("""{"ok":true}"""), "noted", Written);
        writer.StepCompleted(live, "note-payment", proposal, result);
        FlowHistory.ApplyStepCompleted(live, live.Pending!, "note-payment", result.Output);
        var transition = new FlowTransitionRecord(1, FlowTriggerKind.Event, "payment.received", 0, "active", FlowStatus.Active, false, Accepted, [], live.Data);
        writer.Transition(live, transition);
        FlowHistory.ApplyTransition(live, 1, "payment.received", "active", FlowStatus.Active, [], default, null, live.Data);
        events.Add(Take(writer, live));

        FlowCheckpoint? folded = null;
        long sequence = 1;
        foreach ((string type, JsonElement payload) in events)
        {
            folded = FlowHistory.Apply(folded, "i-1", type, payload, sequence++);
        }

        Assert.Equal([FlowEventTypes.Started, FlowEventTypes.Checkpoint, FlowEventTypes.Checkpoint], events.Select(e => e.Type));
        Assert.Equal(live.ToInstance() with { Data = default, UpdatedAt = default }, folded!.ToInstance() with { Data = default, UpdatedAt = default });
        Assert.True(JsonElement.DeepEquals(live.Data.Element, folded.Data.Element));
        Assert.Equal(TrustLevel.Untrusted, folded.Taint);
        Assert.Equal(Written, folded.UpdatedAt);
    }

    private static (string Type, JsonElement Payload) Take(FlowRecordWriter writer, FlowCheckpoint cp)
    {
        (string type, ReadOnlyMemory<byte> payload) = writer.Build(cp, Written);
        JsonElement parsed = JsonElement.Parse(payload.Span);
        writer.Clear();
        return (type, parsed);
    }

    private static FlowCheckpoint Checkpoint(string instanceId) =>
        FlowHistory.ApplyStarted(instanceId, "enrollment", 3, null, null, "awaiting-payment", TrustLevel.Internal, Accepted, [], FlowData.Initial(default));

    private static void AssertCanonical(ReadOnlyMemory<byte> payload) =>
        Assert.Equal(payload.ToArray(), JournalChain.SerializePayload(JsonElement.Parse(payload.Span)));
}
