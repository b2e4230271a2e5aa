using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace OperatorOs.Kernel.Tests.Flows;

/// <summary>Checkpoints written by an earlier build, with another assembly version, are restored and finished by the current code.</summary>
/// <remarks>The fixture holds the flow streams and index records that build wrote: one instance at rest, one interrupted mid-step, one whose timer is due.</remarks>
public sealed class FlowCheckpointCompatibilityTests
{
    private static readonly string FixturePath = Path.Combine(AppContext.BaseDirectory, "Flows", "Fixtures", "enrollment-v1.checkpoints.jsonl");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Fixture_WasWrittenByAnotherAssemblyVersion_WithStableNamesOnly()
    {
        string text = File.ReadAllText(FixturePath);
        string producer = JsonDocument.Parse(File.ReadLines(FixturePath).First()).RootElement.GetProperty("producedBy").GetString()!;

        Assert.Contains("OperatorOs.Kernel 0.0.9.0", producer, StringComparison.Ordinal);
        Assert.NotEqual(new Version(0, 0, 9, 0), typeof(FlowRuntimeOptions).Assembly.GetName().Version);
        Assert.DoesNotContain("Version=", text, StringComparison.Ordinal);
        Assert.DoesNotContain("PublicKeyToken", text, StringComparison.Ordinal);
        Assert.DoesNotContain("OperatorOs.", text.Replace(producer, string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_CheckpointsOfAnEarlierBuild_ResumeAndFinish()
    {
        await using var h = new FlowHarness(b => b.AddFlow(FlowHarness.Enrollment()));
        await LoadFixtureAsync(h);

        int recovered = await h.Runtime.RecoverAsync(Ct);

        Assert.Equal(3, recovered);
        FlowInstance interrupted = (await h.Flows.GetAsync("enr-interrupted", Ct))!;
        Assert.Equal("active", interrupted.State);
        Assert.Equal(120, interrupted.Data.GetProperty("steps").GetProperty("note-payment").GetProperty("paid").GetDecimal());
        Assert.Equal(OperationToken.ForFlowStep("enr-interrupted", "1.note-payment"), Assert.Single(h.Connector.Effects).Token);

        Assert.Equal("graduated", (await h.Flows.RaiseAsync("enr-active", "course.finished", default, Ct)).State);
        Assert.Equal("enr-active", (await h.Flows.GetAsync("enr-active", Ct))!.Id);

        h.Kernel.Clock.Advance(TimeSpan.FromDays(8));
        await h.Runtime.WhenIdleAsync();
        Assert.Equal("cancelled", (await h.Flows.GetAsync("enr-overdue", Ct))!.State);

        foreach (string id in new[] { "enr-active", "enr-interrupted", "enr-overdue" })
        {
            FlowReplayResult replay = await FlowReplay.ReplayAsync(FlowHarness.Enrollment(), h.Kernel.Journal, id, Ct);
            Assert.False(replay.Diverged, replay.Divergence?.ToString());
        }
    }

    [Fact]
    public async Task Restore_SchemaOneStream_ContinuesInSchemaTwo_AndTheMixedStreamFoldsAndReplays()
    {
        await using var h = new FlowHarness(b => b.AddFlow(FlowHarness.Enrollment()));
        await LoadFixtureAsync(h);
        await h.Runtime.RecoverAsync(Ct);

        FlowInstance graduated = await h.Flows.RaiseAsync("enr-active", "course.finished", default, Ct);
        List<JournalEvent> stream = await h.StreamAsync("enr-interrupted");

        // The earlier build's events, then this build's: the interrupted step settled from the connector's record, in schema 2.
        List<int> schemas = stream.Select(e => e.Payload.GetProperty("schema").GetInt32()).ToList();
        Assert.Equal(1, schemas[0]);
        Assert.Equal(FlowEventTypes.SchemaVersion, schemas[^1]);
        Assert.True(schemas.SequenceEqual(schemas.Order()), string.Join(",", schemas));
        var storage = new FlowStorage(h.Kernel.Journal, h.Kernel.Memory);
        foreach (string id in new[] { "enr-active", "enr-interrupted" })
        {
            FlowInstance running = (await h.Flows.GetAsync(id, Ct))!;
            FlowInstance folded = (await storage.GetAsync(id, Ct))!;
            Assert.Equal(running with { Data = default }, folded with { Data = default });
            Assert.True(JsonElement.DeepEquals(running.Data, folded.Data));
            Assert.False((await FlowReplay.ReplayAsync(FlowHarness.Enrollment(), h.Kernel.Journal, id, Ct)).Diverged);
        }

        Assert.Equal("graduated", graduated.State);
        JournalVerification verification = await JournalChain.VerifyAsync(h.Kernel.Journal.ReadAsync(1, Ct), cancellationToken: Ct);
        Assert.True(verification.IsIntact, verification.Problem);
    }

    private static async Task LoadFixtureAsync(FlowHarness h)
    {
        foreach (string line in File.ReadLines(FixturePath).Skip(1))
        {
            JsonElement entry = JsonDocument.Parse(line).RootElement;
            if (entry.TryGetProperty("memory", out JsonElement record))
            {
                await h.Kernel.Memory.WriteAsync(
                    new MemoryWrite(record.GetProperty("entity").GetString()!, record.GetProperty("attribute").GetString()!, Enum.Parse<MemoryKind>(record.GetProperty("kind").GetString()!), record.GetProperty("value"), new Provenance(ActorKind.Flow, "enrollment")),
                    Ct);
                continue;
            }

            await h.Kernel.Journal.AppendAsync(
                new JournalEntry(entry.GetProperty("stream").GetString()!, entry.GetProperty("type").GetString()!, entry.GetProperty("payload"), entry.GetProperty("correlationId").GetString()),
                Ct);
        }
    }
}
