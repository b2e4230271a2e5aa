using Microsoft.Extensions.DependencyInjection;

namespace OperatorOs.Kernel.Tests.Flows;

/// <summary>The flow index marks an instance completed once its final transition is durable; a mark never written (a stop in between) is corrected from the stream.</summary>
public sealed class FlowIndexTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Completion_IsMarkedInTheIndex_AndFreesTheCorrelationKey()
    {
        await using var h = new FlowHarness(b => b.AddFlow(FlowHarness.Enrollment()));
        _ = await h.Flows.StartAsync("enrollment", "enr-1", FlowHarness.Json("""{"student":"s1"}"""), "student/1", Ct);
        FlowInstance done = await h.Flows.RaiseAsync("enr-1", "enrollment.cancelled", cancellationToken: Ct);
        Assert.True(done.IsCompleted);

        MemoryRecord? mark = await h.Kernel.Memory.GetAsync(FlowIndex.Entity, "enr-1", Ct);
        Assert.Equal("completed", mark!.Value.GetProperty("status").GetString());
        Assert.Equal(2, mark.Version);

        // The correlation key was freed with the completion: a new instance may take it.
        FlowInstance next = await h.Flows.StartAsync("enrollment", "enr-2", FlowHarness.Json("""{"student":"s1"}"""), "student/1", Ct);
        Assert.Equal("awaiting-payment", next.State);
    }

    [Fact]
    public async Task AMarkNeverWritten_ReadersGoByTheStream()
    {
        await using var h = new FlowHarness(b => b.AddFlow(FlowHarness.Enrollment()));
        _ = await h.Flows.StartAsync("enrollment", "enr-1", FlowHarness.Json("""{"student":"s1"}"""), cancellationToken: Ct);
        _ = await h.Flows.RaiseAsync("enr-1", "enrollment.cancelled", cancellationToken: Ct);

        // As if the process had stopped before the mark was written: the stored index says the instance is active.
        MemoryRecord mark = (await h.Kernel.Memory.GetAsync(FlowIndex.Entity, "enr-1", Ct))!;
        var active = System.Text.Json.Nodes.JsonNode.Parse(mark.Value.GetRawText())!.AsObject();
        active["status"] = "active";
        _ = await h.Kernel.Memory.WriteAsync(new MemoryWrite(FlowIndex.Entity, "enr-1", MemoryKind.Fact, FlowHarness.Json(active.ToJsonString()), mark.Provenance), Ct);

        var storage = new FlowStorage(h.Kernel.Journal, h.Kernel.Memory);
        Assert.Empty(await storage.ListAsync(cancellationToken: Ct));
        FlowInstance listed = Assert.Single(await storage.ListAsync(new FlowQuery { IncludeCompleted = true }, Ct));
        Assert.Equal(FlowStatus.Completed, listed.Status);
    }
}
