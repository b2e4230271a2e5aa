using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OperatorOs.Testing;

namespace OperatorOs.Kernel.Tests.Agents;

/// <summary>A tier composed with Microsoft.Extensions.AI's distributed cache, over the SQLite file's cache: an answer from the cache costs nothing.</summary>
public sealed class ModelCacheTests : IDisposable
{
    private static readonly AgentRole Scribe = new("scribe", "You keep notes.") { GrantedCapabilities = ["notes.read"], ModelKey = "small", MaxToolIterations = 3 };

    private readonly TempDirectory _directory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private KernelHarness CachedTier(ScriptedChatClient model, Action<OperatorOsOptions>? configure = null, Action<DistributedCachingChatClient>? cache = null) =>
        new(
            configure: o =>
            {
                o.Models.Tiers.Add("small");
                o.Models.Prices["small-model"] = new ModelPrice(2m, 8m);
                configure?.Invoke(o);
            },
            build: b => b.UseSqlite(Path.Combine(_directory.Path, "operator.db")).AddAgent(Scribe).MapIntentToAgent("note.requested", Scribe.Name),
            services: s => s.AddKeyedChatClient("small", model).UseDistributedCache(configure: cache));

    private static ChatResponse Answer(string text) =>
        new(new ChatMessage(ChatRole.Assistant, text)) { ModelId = "small-model", Usage = new UsageDetails { InputTokenCount = 15_000, OutputTokenCount = 4_000 } };

    [Fact]
    public async Task RepeatedRequest_AnsweredFromTheCache_IsNotChargedAndReservesNoBudget()
    {
        // Arrange: after one real call the budget has no room for another, so only an answer that costs nothing can be given.
        var model = new ScriptedChatClient("small-model").Enqueue(Answer("Noted."));
        await using KernelHarness harness = CachedTier(model, o =>
            o.Models.Budgets.Add(new ModelBudget(BudgetScope.Agent, "scribe", BudgetPeriod.Month) { MaxTokens = 20_000 }));

        // Act
        IntentResult first = await harness.Kernel.SubmitAsync(harness.Intent("note.requested", """{"text":"hello"}"""), Ct);
        IntentResult second = await harness.Kernel.SubmitAsync(harness.Intent("note.requested", """{"text":"hello"}"""), Ct);

        // Assert
        Assert.Single(model.Calls);
        Assert.Equal("Noted.", first.Response);
        Assert.Equal("Noted.", second.Response);
        Assert.Null(second.DeferredReason);
        decimal once = ((15_000 * 2m) + (4_000 * 8m)) / 1_000_000m;
        OperatorMetricsSnapshot metrics = harness.Services.GetRequiredService<IOperatorMetrics>().GetSnapshot();
        Assert.Equal(new ModelUsage(1, 15_000, 4_000, once), metrics.ModelUsage);
        Assert.Equal(1, metrics.ModelCacheHits);
        MemoryRecord? ledger = await harness.Memory.GetAsync("cost/agent/scribe", "usage/month/2026-09", Ct);
        Assert.Equal(1, ledger!.Value.GetProperty("calls").GetInt64());
        Assert.Equal(once, ledger.Value.GetProperty("cost").GetDecimal());
        List<JournalEvent> called = [.. (await harness.EventsAsync()).Where(e => e.Type == JournalEventTypes.ModelCalled)];
        Assert.Equal([false, true], called.Select(e => e.Payload.GetProperty("cached").GetBoolean()));
        Assert.Equal(0m, called[1].Payload.GetProperty("cost").GetDecimal());
        Assert.DoesNotContain(await harness.EventsAsync(), e => e.Type == JournalEventTypes.ModelBudgetExceeded);
    }

    [Fact]
    public async Task DifferentRequest_IsAMissAndCharged()
    {
        var model = new ScriptedChatClient("small-model").Enqueue(Answer("Noted.")).Enqueue(Answer("Noted too."));
        await using KernelHarness harness = CachedTier(model);

        _ = await harness.Kernel.SubmitAsync(harness.Intent("note.requested", """{"text":"hello"}"""), Ct);
        IntentResult other = await harness.Kernel.SubmitAsync(harness.Intent("note.requested", """{"text":"something else"}"""), Ct);

        Assert.Equal("Noted too.", other.Response);
        Assert.Equal(2, model.Calls.Count);
        OperatorMetricsSnapshot metrics = harness.Services.GetRequiredService<IOperatorMetrics>().GetSnapshot();
        Assert.Equal(2, metrics.ModelUsage.Calls);
        Assert.Equal(0, metrics.ModelCacheHits);
    }

    [Fact]
    public async Task CacheKeyValuesOfTheTiersCache_AreHonoured()
    {
        // The tier's cache keys on an extra value; the kernel reads the same entries, so a repeat is still a hit.
        var model = new ScriptedChatClient("small-model").Enqueue(Answer("Noted."));
        await using KernelHarness harness = CachedTier(model, cache: c => c.CacheKeyAdditionalValues = ["tenant-7"]);

        _ = await harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct);
        IntentResult again = await harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct);

        Assert.Equal("Noted.", again.Response);
        Assert.Single(model.Calls);
        Assert.Equal(1, harness.Services.GetRequiredService<IOperatorMetrics>().GetSnapshot().ModelCacheHits);
    }

    public void Dispose() => _directory.Dispose();
}
