using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OperatorOs.Testing;

namespace OperatorOs.Kernel.Tests.Agents;

/// <summary>What a model call may spend: the reservation made before it, the output cap that keeps it there, and what is journaled when a provider reports more.</summary>
public class ModelBudgetTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly AgentRole Scribe = new("scribe", "You keep notes.") { GrantedCapabilities = ["notes.read", "notes.write"], ModelKey = "small", MaxToolIterations = 3 };

    private static KernelHarness Small(ScriptedChatClient model, Action<OperatorOsOptions>? configure = null) =>
        new(
            configure: o =>
            {
                o.Models.Tiers.Add("small");
                o.Models.RetryDelay = TimeSpan.Zero;
                configure?.Invoke(o);
            },
            build: b => b.AddAgent(Scribe).MapIntentToAgent("note.requested", Scribe.Name),
            services: s => s.AddKeyedSingleton<IChatClient>("small", model));

    private static ModelCallScope Scope => new("scribe", "note.requested", "c-1", "i-1");

    private static ChatResponse Answer(string text, long input, long output) =>
        new(new ChatMessage(ChatRole.Assistant, text)) { ModelId = "small-model", Usage = new UsageDetails { InputTokenCount = input, OutputTokenCount = output } };

    private static void Limit(OperatorOsOptions o, long maxTokens) =>
        o.Models.Budgets.Add(new ModelBudget(BudgetScope.Agent, "scribe", BudgetPeriod.Month) { MaxTokens = maxTokens });

    [Fact]
    public async Task AgentCall_AsksForNoMoreOutputThanWasReserved()
    {
        var model = new ScriptedChatClient("small-model").EnqueueText("ok");
        await using KernelHarness harness = Small(model, o => o.Models.EstimatedOutputTokens = 300);

        _ = await harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct);

        Assert.Equal(300, model.Calls[0].Options!.MaxOutputTokens);
    }

    [Fact]
    public async Task SmallerCallerCap_IsKept_AndOnlyItIsReserved()
    {
        // The budget holds the input and 100 output tokens, not the 1024 a call is assumed to use.
        var model = new ScriptedChatClient("small-model").EnqueueText("ok");
        List<ChatMessage> messages = [new(ChatRole.User, "Write a short note.")];
        long input = TokenEstimator.CountRequest(messages, null);
        await using KernelHarness harness = Small(model, o => Limit(o, input + 100));
        var options = new ChatOptions { MaxOutputTokens = 100 };

        ModelCall call = await harness.Services.GetRequiredService<ModelGateway>().CallAsync(
            Tier(harness), preferred: true, Scope, messages, options, Ct);

        Assert.NotNull(call.Response);
        Assert.Equal(100, model.Calls[0].Options!.MaxOutputTokens);
        Assert.Equal(100, options.MaxOutputTokens);
    }

    [Fact]
    public async Task LargerCallerCap_IsLoweredToTheReservation_WithoutChangingTheCallersOptions()
    {
        var model = new ScriptedChatClient("small-model").EnqueueText("ok");
        await using KernelHarness harness = Small(model, o => o.Models.EstimatedOutputTokens = 256);
        var options = new ChatOptions { MaxOutputTokens = 4096 };

        _ = await harness.Services.GetRequiredService<ModelGateway>().CallAsync(Tier(harness), preferred: true, Scope, [new(ChatRole.User, "hi")], options, Ct);

        Assert.Equal(256, model.Calls[0].Options!.MaxOutputTokens);
        Assert.Equal(4096, options.MaxOutputTokens);
    }

    [Fact]
    public async Task UsageAboveTheReservation_IsJournaledAndCounted_NamingTheBudgetItOverran()
    {
        // Arrange: the provider ignores the cap and reports far more than was reserved.
        var model = new ScriptedChatClient("small-model").Enqueue(Answer("long", input: 9_000, output: 3_000));
        await using KernelHarness harness = Small(model, o => Limit(o, 10_000));

        // Act
        IntentResult result = await harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct);

        // Assert: the answer stands (the tokens were spent), the overrun is on record, and the next call is refused.
        Assert.Equal("long", result.Response);
        JournalEvent overrun = Assert.Single(await harness.EventsAsync(), e => e.Type == JournalEventTypes.ModelReservationOverrun);
        Assert.Equal(12_000, overrun.Payload.GetProperty("usedTokens").GetInt64());
        Assert.True(overrun.Payload.GetProperty("reservedTokens").GetInt64() < 12_000);
        string budget = Assert.Single(overrun.Payload.GetProperty("budgetsOverrun").EnumerateArray()).GetString()!;
        Assert.Contains("agent 'scribe'", budget, StringComparison.Ordinal);
        Assert.Equal(1, harness.Services.GetRequiredService<IOperatorMetrics>().GetSnapshot().ModelReservationOverruns);

        IntentResult next = await harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct);
        Assert.Single(model.Calls);
        Assert.NotNull(next.DeferredReason);
    }

    [Fact]
    public async Task UsageWithinTheReservation_IsNotAnOverrun()
    {
        var model = new ScriptedChatClient("small-model").Enqueue(Answer("short", input: 10, output: 5));
        await using KernelHarness harness = Small(model, o => Limit(o, 10_000));

        _ = await harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct);

        Assert.DoesNotContain(await harness.EventsAsync(), e => e.Type == JournalEventTypes.ModelReservationOverrun);
        Assert.Equal(0, harness.Services.GetRequiredService<IOperatorMetrics>().GetSnapshot().ModelReservationOverruns);
    }

    [Fact]
    public async Task TimedOutAttempt_IsChargedAtItsReservation_AndARetryMustFitTheBudgetAgain()
    {
        // Arrange: the provider may have spent the tokens of an attempt it did not finish; a retry is a new call on the budget.
        var model = new ScriptedChatClient("small-model")
        {
            GetResponseAsyncCallback = async (_, _, token) =>
            {
                await Task.Delay(Timeout.Infinite, token);
                throw new InvalidOperationException("unreachable");
            },
        };
        await using KernelHarness harness = Small(model, o =>
        {
            o.Models.MaxRetries = 1;
            o.Models.CallTimeout = TimeSpan.FromSeconds(10);
            o.Models.EstimatedOutputTokens = 1_000;
            Limit(o, 1_900);
        });

        // Act
        Task<IntentResult> work = harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct);
        for (int i = 0; i < 10_000 && !work.IsCompleted; i++)
        {
            harness.Clock.Advance(TimeSpan.FromSeconds(5));
            await Task.Delay(1, Ct);
        }

        IntentResult result = await work;

        // Assert
        Assert.Single(model.Calls);
        Assert.NotNull(result.DeferredReason);
        List<JournalEvent> events = await harness.EventsAsync();
        Assert.Contains(events, e => e.Type == JournalEventTypes.ModelBudgetExceeded);
        JournalEvent charged = Assert.Single(events, e => e.Type == JournalEventTypes.ModelCalled);
        Assert.True(charged.Payload.GetProperty("timedOut").GetBoolean());
        Assert.True(charged.Payload.GetProperty("estimated").GetBoolean());
        MemoryRecord? spent = await harness.Memory.GetAsync("cost/agent/scribe", "usage/month/2026-09", Ct);
        Assert.NotNull(spent);
        Assert.True(spent.Value.GetProperty("outputTokens").GetInt64() == 1_000);
    }

    private static ModelTier Tier(KernelHarness harness) => harness.Services.GetRequiredService<ModelGateway>().ChainFrom("small")[0];
}
