using System.Net;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OperatorOs.Testing;

namespace OperatorOs.Kernel.Tests.Agents;

public class DeferredIntentsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AgentRole Scribe() => new("scribe", "You keep notes.") { GrantedCapabilities = ["notes.read", "notes.write"], MaxToolIterations = 3 };

    private static KernelHarness Harness(ScriptedChatClient? model) =>
        new(model: model, configure: o => o.Models.MaxRetries = 0, build: b => b.AddAgent(Scribe()).MapIntentToAgent("note.requested", "scribe"));

    [Fact]
    public async Task ListAsync_OfflineWithoutStrategy_ListsTheIntentWithAgentReasonAndTime()
    {
        await using KernelHarness harness = Harness(model: null);
        Intent intent = harness.Intent("note.requested", """{"student":"42"}""");
        harness.Clock.Advance(TimeSpan.FromMinutes(3));

        IntentResult result = await harness.Kernel.SubmitAsync(intent, Ct);

        DeferredIntent deferred = Assert.Single(await harness.Services.GetRequiredService<IDeferredIntents>().ListAsync(Ct));
        Assert.Equal(intent.Id, deferred.Intent.Id);
        Assert.Equal("note.requested", deferred.Intent.Name);
        Assert.Equal(intent.Source, deferred.Intent.Source);
        Assert.Equal(intent.Trust, deferred.Intent.Trust);
        Assert.Equal(intent.CorrelationId, deferred.Intent.CorrelationId);
        Assert.Equal(intent.CreatedAt, deferred.Intent.CreatedAt);
        Assert.Equal("42", deferred.Intent.Payload.GetProperty("student").GetString());
        Assert.Equal("scribe", deferred.Agent);
        Assert.Equal(result.DeferredReason, deferred.Reason);
        Assert.Equal(harness.Clock.GetUtcNow(), deferred.DeferredAt);
    }

    [Fact]
    public async Task ResolveAsync_TakesTheIntentOffTheQueue_KeepsWhoDidIt_AndTheDeferralIsAFactRetentionKeeps()
    {
        await using KernelHarness harness = Harness(model: null);
        IDeferredIntents queue = harness.Services.GetRequiredService<IDeferredIntents>();
        Intent first = harness.Intent("note.requested");
        Intent second = harness.Intent("note.requested");
        _ = await harness.Kernel.SubmitAsync(first, Ct);
        _ = await harness.Kernel.SubmitAsync(second, Ct);

        MemoryRecord deferral = (await harness.Memory.GetAsync($"intent/{first.Id}", "deferred", Ct))!;
        DeferredIntent? resolved = await queue.ResolveAsync(first.Id, "ada", "answered by phone", Ct);
        DeferredIntent? again = await queue.ResolveAsync(first.Id, "ada", cancellationToken: Ct);
        DeferredIntent? unknown = await queue.ResolveAsync("no-such-intent", "ada", cancellationToken: Ct);

        Assert.Equal(MemoryKind.Fact, deferral.Kind);
        Assert.Equal(first.Id, resolved!.Intent.Id);
        Assert.Null(again);
        Assert.Null(unknown);
        Assert.Equal(second.Id, Assert.Single(await queue.ListAsync(Ct)).Intent.Id);
        MemoryRecord kept = (await harness.Memory.GetAsync($"intent/{first.Id}", "deferred", Ct))!;
        Assert.Equal(("ada", "answered by phone"), (kept.Value.GetProperty("resolvedBy").GetString(), kept.Value.GetProperty("note").GetString()));
        Assert.Equal((ActorKind.Operator, "ada"), (kept.Provenance.ActorKind, kept.Provenance.Actor));
        Assert.Single(await harness.EventsAsync(), e => e.Type == JournalEventTypes.IntentResolved);
    }

    [Fact]
    public async Task ListAsync_ModelFails_ListsEachDeferredIntentOnceOldestFirst_AndNotTheHandledOnes()
    {
        int calls = 0;
        var model = new ScriptedChatClient("flaky")
        {
            // First call fails (deferred), second answers (handled), third fails again (deferred).
            GetResponseAsyncCallback = (_, _, _) => ++calls == 2
                ? Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "noted")))
                : Task.FromException<ChatResponse>(new HttpRequestException("down", null, HttpStatusCode.ServiceUnavailable)),
        };
        await using KernelHarness harness = Harness(model);
        Intent first = harness.Intent("note.requested");
        Intent handled = harness.Intent("note.requested");
        Intent last = harness.Intent("note.requested");

        foreach (Intent intent in new[] { first, handled, last })
        {
            _ = await harness.Kernel.SubmitAsync(intent, Ct);
            harness.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        IReadOnlyList<DeferredIntent> deferred = await harness.Services.GetRequiredService<IDeferredIntents>().ListAsync(Ct);
        Assert.Equal([first.Id, last.Id], deferred.Select(d => d.Intent.Id));
        Assert.All(deferred, d => Assert.Contains("HTTP 503", d.Reason, StringComparison.Ordinal));
        Assert.True(deferred[0].DeferredAt < deferred[1].DeferredAt);
    }

    [Fact]
    public async Task ListAsync_IntentWithoutPayload_IsKeptAndListedWithoutPayload()
    {
        await using KernelHarness harness = Harness(model: null);
        Intent intent = Intent.Create("note.requested", default, "test", TrustLevel.Operator, harness.Clock);

        IntentResult result = await harness.Kernel.SubmitAsync(intent, Ct);

        Assert.NotNull(result.DeferredReason);
        DeferredIntent deferred = Assert.Single(await harness.Services.GetRequiredService<IDeferredIntents>().ListAsync(Ct));
        Assert.Equal(intent.Id, deferred.Intent.Id);
        Assert.Equal(JsonValueKind.Undefined, deferred.Intent.Payload.ValueKind);
    }

    [Fact]
    public async Task ListAsync_NothingDeferred_IsEmpty()
    {
        await using KernelHarness harness = Harness(new ScriptedChatClient().EnqueueText("noted"));

        _ = await harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct);

        Assert.Empty(await harness.Services.GetRequiredService<IDeferredIntents>().ListAsync(Ct));
    }
}
