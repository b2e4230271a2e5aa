using System.Net;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using OperatorOs.Testing;

namespace OperatorOs.Kernel.Tests.Agents;

public class ModelTierTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Dictionary<string, object?> Note = new() { ["text"] = "hello" };

    private static AgentRole Scribe(object? tier = null, IAgentStrategy? strategy = null, AgentEscalation? escalation = null) => new("scribe", "You keep notes.")
    {
        GrantedCapabilities = ["notes.read", "notes.write"],
        ModelKey = tier,
        DeterministicStrategy = strategy,
        Escalation = escalation,
        MaxToolIterations = 3,
    };

    private static KernelHarness Tiers(
        ScriptedChatClient? small, ScriptedChatClient? large, AgentRole role, Action<OperatorOsOptions>? configure = null, MemoryStore? memory = null, Action<IServiceCollection>? services = null) =>
        new(
            configure: o =>
            {
                o.Models.Tiers.Add("small");
                o.Models.Tiers.Add("large");
                o.Models.RetryDelay = TimeSpan.Zero;
                configure?.Invoke(o);
            },
            build: b => b.AddAgent(role).MapIntentToAgent("note.requested", role.Name),
            services: s =>
            {
                if (small is not null)
                {
                    s.AddKeyedSingleton<IChatClient>("small", small);
                }

                if (large is not null)
                {
                    s.AddKeyedSingleton<IChatClient>("large", large);
                }

                if (memory is not null)
                {
                    s.AddSingleton(memory);
                }

                services?.Invoke(s);
            });

    private static Func<IReadOnlyList<ChatMessage>, ChatOptions?, CancellationToken, Task<ChatResponse>> Throws(Func<Exception> exception) =>
        (_, _, _) => Task.FromException<ChatResponse>(exception());

    private static HttpRequestException Status(HttpStatusCode status) => new("provider said no", null, status);

    // Polly waits on the harness's fake clock: move it along until the work is done.
    private static async Task<T> AdvanceUntilDoneAsync<T>(KernelHarness harness, Task<T> work, TimeSpan step)
    {
        for (int i = 0; i < 10_000 && !work.IsCompleted; i++)
        {
            harness.Clock.Advance(step);
            await Task.Delay(1, Ct);
        }

        return await work;
    }

    [Fact]
    public async Task Tier429EveryTime_RetriesThenFallsBackToTheCheaperTier_AndReportsDegraded()
    {
        var large = new ScriptedChatClient("large-model") { GetResponseAsyncCallback = Throws(() => Status(HttpStatusCode.TooManyRequests)) };
        var small = new ScriptedChatClient("small-model").EnqueueToolCall("notes__write", Note).EnqueueText("done on small");
        await using KernelHarness harness = Tiers(small, large, Scribe("large"), o => o.Models.MaxRetries = 2);

        IntentResult result = await harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct);

        Assert.Equal(3, large.Calls.Count);
        Assert.Equal(2, small.Calls.Count);
        Assert.True(result.Degraded);
        Assert.Null(result.DeferredReason);
        Assert.Equal("done on small", result.Response);
        Assert.Equal(ProposalStatus.PendingApproval, Assert.Single(result.Proposals).Status);
        OperatorStatus status = harness.Services.GetRequiredService<IOperatorStatus>().GetStatus();
        Assert.Equal(OperatorMode.Degraded, status.Mode);
        Assert.Contains("429", status.Reason, StringComparison.Ordinal);
        List<string> types = [.. (await harness.EventsAsync()).Select(e => e.Type)];
        Assert.Contains(JournalEventTypes.ModelFailed, types);
        Assert.Contains(JournalEventTypes.OperatorDegraded, types);
    }

    [Fact]
    public async Task ReloadedRetrySettings_ApplyToTheNextModelCall()
    {
        int retries = 0;
        var reload = new OptionsReload();
        var large = new ScriptedChatClient("large-model") { GetResponseAsyncCallback = Throws(() => Status(HttpStatusCode.TooManyRequests)) };
        await using KernelHarness harness = Tiers(null, large, Scribe("large"), o => o.Models.MaxRetries = retries,
            services: s => s.AddSingleton<IOptionsChangeTokenSource<OperatorOsOptions>>(reload));

        _ = await harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct);
        Assert.Single(large.Calls);

        retries = 2;
        reload.Fire();
        _ = await harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct);

        Assert.Equal(1 + 3, large.Calls.Count);
    }

    [Fact]
    public async Task RetryAfter_IsHonouredBeforeTheRetry()
    {
        DateTimeOffset? firstCall = null;
        DateTimeOffset? secondCall = null;
        var large = new ScriptedChatClient("large-model");
        await using KernelHarness harness = Tiers(null, large, Scribe("large"), o => o.Models.MaxRetries = 1);
        large.GetResponseAsyncCallback = (_, _, _) =>
        {
            if (firstCall is null)
            {
                firstCall = harness.Clock.GetUtcNow();
                var limited = Status(HttpStatusCode.TooManyRequests);
                limited.Data["Retry-After"] = 7;
                return Task.FromException<ChatResponse>(limited);
            }

            secondCall = harness.Clock.GetUtcNow();
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "after the wait")));
        };

        IntentResult result = await AdvanceUntilDoneAsync(harness, harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct), TimeSpan.FromSeconds(1));

        Assert.Equal("after the wait", result.Response);
        Assert.False(result.Degraded);
        Assert.True(secondCall - firstCall >= TimeSpan.FromSeconds(7), $"retried after {secondCall - firstCall}");
    }

    [Fact]
    public async Task HangingModel_TimesOut_AndTheWorkFallsBackToTheStrategy()
    {
        var large = new ScriptedChatClient("large-model")
        {
            GetResponseAsyncCallback = async (_, _, token) =>
            {
                await Task.Delay(Timeout.Infinite, token);
                throw new InvalidOperationException("unreachable");
            },
        };
        var strategy = new FixedStrategy(new AgentToolCall("notes.read", JsonDocument.Parse("{}").RootElement));
        await using KernelHarness harness = Tiers(null, large, Scribe("large", strategy), o =>
        {
            o.Models.MaxRetries = 0;
            o.Models.CallTimeout = TimeSpan.FromSeconds(10);
        });

        IntentResult result = await AdvanceUntilDoneAsync(harness, harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct), TimeSpan.FromSeconds(5));

        Assert.True(result.Degraded);
        Assert.Null(result.DeferredReason);
        Assert.Equal("notes.read", Assert.Single(result.Proposals).Proposal.Capability);
        Assert.Contains("did not answer in time", result.Response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryTierFails_WithoutStrategy_TheIntentWaitsForTheOperatorAndIsKept()
    {
        var large = new ScriptedChatClient("large-model") { GetResponseAsyncCallback = Throws(() => Status(HttpStatusCode.InternalServerError)) };
        var small = new ScriptedChatClient("small-model") { GetResponseAsyncCallback = Throws(() => new InvalidOperationException("malformed JSON from provider")) };
        await using KernelHarness harness = Tiers(small, large, Scribe("large"), o => o.Models.MaxRetries = 0);
        Intent intent = harness.Intent("note.requested", """{"student":"42"}""");

        IntentResult result = await harness.Kernel.SubmitAsync(intent, Ct);

        Assert.NotNull(result.DeferredReason);
        Assert.Contains("waits for the operator", result.DeferredReason, StringComparison.Ordinal);
        Assert.Empty(result.Proposals);
        MemoryRecord? kept = await harness.Memory.GetAsync($"intent/{intent.Id}", "deferred", Ct);
        Assert.NotNull(kept);
        Assert.Equal(MemoryKind.Fact, kept.Kind);
        Assert.Equal("42", kept.Value.GetProperty("payload").GetProperty("student").GetString());
        Assert.Contains(JournalEventTypes.IntentDeferred, (await harness.EventsAsync()).Select(e => e.Type));
    }

    [Fact]
    public async Task EmptyResponse_CountsAsAFailedTier()
    {
        var large = new ScriptedChatClient("large-model").Enqueue(new ChatResponse([]));
        var small = new ScriptedChatClient("small-model").EnqueueText("small answered");
        await using KernelHarness harness = Tiers(small, large, Scribe("large"), o => o.Models.MaxRetries = 0);

        IntentResult result = await harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct);

        Assert.Equal("small answered", result.Response);
        Assert.True(result.Degraded);
    }

    [Fact]
    public async Task MalformedToolArguments_AreRefusedAndReportedToTheModel()
    {
        var bad = new FunctionCallContent("call-1", "notes__write") { Exception = new JsonException("unterminated string") };
        var model = new ScriptedChatClient("small-model").Enqueue(new ChatResponse(new ChatMessage(ChatRole.Assistant, [bad]))).EnqueueText("sorry");
        await using KernelHarness harness = Tiers(model, null, Scribe("small"));

        IntentResult result = await harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct);

        Assert.Empty(result.Proposals);
        Assert.Equal(0, harness.Connector.ExecuteCalls);
        FunctionResultContent told = model.Calls[1].Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Single();
        Assert.StartsWith("Refused", told.Result as string, StringComparison.Ordinal);

        // Every call it made was refused, so the work is not done: it waits for the operator, visibly degraded, and the refusal is journaled.
        Assert.True(result.Degraded);
        Assert.Contains("refused", result.DeferredReason, StringComparison.Ordinal);
        Assert.NotNull(await harness.Memory.GetAsync($"intent/{result.Intent.Id}", "deferred", Ct));
        JournalEvent refused = Assert.Single(await harness.EventsAsync(), e => e.Type == JournalEventTypes.AgentToolCallRefused);
        Assert.Equal("notes__write", refused.Payload.GetProperty("tool").GetString());
        Assert.Equal("call-1", refused.Payload.GetProperty("callId").GetString());
        Assert.Contains("unterminated string", refused.Payload.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelAlwaysSendsUnreadableArguments_TheIntentWaitsForTheOperator_AndTheSystemShowsDegraded()
    {
        var model = new ScriptedChatClient("small-model")
        {
            GetResponseAsyncCallback = (_, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant,
                [new FunctionCallContent(Guid.NewGuid().ToString("n"), "notes__write") { Exception = new JsonException("unterminated string") }]))),
        };
        await using KernelHarness harness = Tiers(model, null, Scribe("small"));
        Intent intent = harness.Intent("note.requested", """{"student":"42"}""");

        IntentResult result = await harness.Kernel.SubmitAsync(intent, Ct);

        Assert.Equal(3, model.Calls.Count);
        Assert.Empty(result.Proposals);
        Assert.True(result.Degraded);
        Assert.NotNull(result.DeferredReason);
        MemoryRecord? kept = await harness.Memory.GetAsync($"intent/{intent.Id}", "deferred", Ct);
        Assert.NotNull(kept);
        Assert.Equal("42", kept.Value.GetProperty("payload").GetProperty("student").GetString());
        List<JournalEvent> events = await harness.EventsAsync();
        Assert.Equal(3, events.Count(e => e.Type == JournalEventTypes.AgentToolCallRefused));
        Assert.Contains(events, e => e.Type == JournalEventTypes.IntentDeferred);
        Assert.Equal(OperatorMode.Degraded, harness.Services.GetRequiredService<IOperatorStatus>().GetStatus().Mode);
    }

    [Fact]
    public async Task CircuitOpens_AfterRepeatedFailures_AndTheTierIsNoLongerCalled()
    {
        var large = new ScriptedChatClient("large-model") { GetResponseAsyncCallback = Throws(() => Status(HttpStatusCode.BadGateway)) };
        var small = new ScriptedChatClient("small-model") { GetResponseAsyncCallback = (_, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok"))) };
        await using KernelHarness harness = Tiers(small, large, Scribe("large"), o =>
        {
            o.Models.MaxRetries = 0;
            o.Models.BreakerMinimumThroughput = 2;
            o.Models.BreakerFailureRatio = 0.5;
        });

        for (int i = 0; i < 5; i++)
        {
            IntentResult result = await harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct);
            Assert.Equal("ok", result.Response);
        }

        Assert.Equal(2, large.Calls.Count);
        Assert.Equal(5, small.Calls.Count);
        Assert.Contains(
            (await harness.EventsAsync()).Where(e => e.Type == JournalEventTypes.ModelFailed),
            e => e.Payload.GetProperty("reason").GetString()!.Contains("circuit is open", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExhaustedBudget_MakesNoModelCall()
    {
        var small = new ScriptedChatClient("small-model").EnqueueText("never");
        await using KernelHarness harness = Tiers(small, null, Scribe("small"), o =>
            o.Models.Budgets.Add(new ModelBudget(BudgetScope.Agent, "scribe", BudgetPeriod.Day) { MaxTokens = 50 }));

        IntentResult result = await harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct);

        Assert.Empty(small.Calls);
        Assert.NotNull(result.DeferredReason);
        Assert.Contains("budget", result.DeferredReason, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(JournalEventTypes.ModelBudgetExceeded, (await harness.EventsAsync()).Select(e => e.Type));
    }

    [Fact]
    public async Task BudgetFromThePolicyFile_IsEnforcedLikeOneInCode()
    {
        using var directory = new TempDirectory();
        string path = Path.Combine(directory.Path, "policies.json");
        await File.WriteAllTextAsync(path, """{ "budgets": [ { "scope": "workflow", "name": "note.requested", "period": "month", "maxTokens": 40 } ] }""", Ct);
        var small = new ScriptedChatClient("small-model").EnqueueText("never");
        await using KernelHarness harness = Tiers(small, null, Scribe("small"), o => o.PolicyFile = path);

        IntentResult result = await harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct);

        Assert.Empty(small.Calls);
        Assert.Contains("workflow 'note.requested'", result.DeferredReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BudgetTooSmallForTheLargeTier_GoesToTheCheaperTier()
    {
        var large = new ScriptedChatClient("large-model").EnqueueText("never");
        var small = new ScriptedChatClient("small-model").EnqueueText("cheap answer");
        await using KernelHarness harness = Tiers(small, large, Scribe("large"), o =>
        {
            o.Models.Prices["large"] = new ModelPrice(100m, 400m);
            o.Models.Prices["small"] = new ModelPrice(0.1m, 0.4m);
            o.Models.Budgets.Add(new ModelBudget(BudgetScope.Workflow, "*", BudgetPeriod.Month) { MaxCost = 0.05m });
        });

        IntentResult result = await harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct);

        Assert.Empty(large.Calls);
        Assert.Equal("cheap answer", result.Response);
        Assert.True(result.Degraded);
    }

    [Fact]
    public async Task Usage_IsPricedFromUsageDetails_RecordedPerAgentWorkflowAndModel_AndOnTheMetrics()
    {
        var model = new ScriptedChatClient("small-model").Enqueue(new ChatResponse(new ChatMessage(ChatRole.Assistant, "noted"))
        {
            ModelId = "small-model",
            Usage = new UsageDetails { InputTokenCount = 1_000, OutputTokenCount = 500 },
        });
        await using KernelHarness harness = Tiers(model, null, Scribe("small"), o => o.Models.Prices["small-model"] = new ModelPrice(2m, 8m));

        _ = await harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct);

        decimal expected = ((1_000 * 2m) + (500 * 8m)) / 1_000_000m;
        OperatorMetricsSnapshot snapshot = harness.Services.GetRequiredService<IOperatorMetrics>().GetSnapshot();
        Assert.Equal(new ModelUsage(1, 1_000, 500, expected), snapshot.ModelUsage);
        Assert.Equal(expected, snapshot.ModelUsageByAgent["scribe"].Cost);
        Assert.Equal(1_500, snapshot.ModelUsageByWorkflow["note.requested"].TotalTokens);
        Assert.Equal(1, snapshot.ModelUsageByModel["small-model"].Calls);
        MemoryRecord? fact = await harness.Memory.GetAsync("cost/agent/scribe", "usage/month/2026-09", Ct);
        Assert.NotNull(fact);
        Assert.Equal(expected, fact.Value.GetProperty("cost").GetDecimal());
        Assert.NotNull(await harness.Memory.GetAsync("cost/workflow/note.requested", "usage/day/2026-09-01", Ct));
        Assert.NotNull(await harness.Memory.GetAsync("cost/model/small-model", "usage/month/2026-09", Ct));
    }

    [Fact]
    public async Task ModelAnswer_IsKeptInMemoryWithProvenance()
    {
        var model = new ScriptedChatClient("small-model").EnqueueText("Noted, thank you.");
        await using KernelHarness harness = Tiers(model, null, Scribe("small"));
        Intent intent = harness.Intent("note.requested");

        _ = await harness.Kernel.SubmitAsync(intent, Ct);

        MemoryRecord? kept = await harness.Memory.GetAsync($"intent/{intent.Id}", "response", Ct);
        Assert.NotNull(kept);
        Assert.Equal("Noted, thank you.", kept.Value.GetProperty("text").GetString());
        Assert.Equal((ActorKind.Agent, "scribe", "small-model"), (kept.Provenance.ActorKind, kept.Provenance.Actor, kept.Provenance.ModelId));
        Assert.Equal([$"intent/{intent.Id}"], kept.Provenance.InputReferences);
    }

    [Fact]
    public async Task ProviderWithoutUsage_IsEstimatedWithTheTokenizer()
    {
        var model = new ScriptedChatClient("small-model").EnqueueText("a reply of several words to count");
        await using KernelHarness harness = Tiers(model, null, Scribe("small"));

        _ = await harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct);

        ModelUsage usage = harness.Services.GetRequiredService<IOperatorMetrics>().GetSnapshot().ModelUsage;
        Assert.InRange(usage.OutputTokens, 5, 20);
        Assert.True(usage.InputTokens > 10);
        JournalEvent called = (await harness.EventsAsync()).Single(e => e.Type == JournalEventTypes.ModelCalled);
        Assert.True(called.Payload.GetProperty("estimated").GetBoolean());
    }

    [Fact]
    public async Task Budget_HoldsAcrossARestart()
    {
        var memory = new InMemoryMemoryStore(TimeProvider.System);
        void Limit(OperatorOsOptions o) => o.Models.Budgets.Add(new ModelBudget(BudgetScope.Agent, "scribe", BudgetPeriod.Month) { MaxTokens = 20_000 });
        var first = new ScriptedChatClient("small-model").Enqueue(new ChatResponse(new ChatMessage(ChatRole.Assistant, "big"))
        {
            Usage = new UsageDetails { InputTokenCount = 15_000, OutputTokenCount = 4_000 },
        });
        await using (KernelHarness before = Tiers(first, null, Scribe("small"), Limit, memory))
        {
            Assert.Equal("big", (await before.Kernel.SubmitAsync(before.Intent("note.requested"), Ct)).Response);
        }

        var second = new ScriptedChatClient("small-model").EnqueueText("never");
        await using KernelHarness after = Tiers(second, null, Scribe("small"), Limit, memory);
        IntentResult result = await after.Kernel.SubmitAsync(after.Intent("note.requested"), Ct);

        Assert.Empty(second.Calls);
        Assert.NotNull(result.DeferredReason);
    }

    [Fact]
    public async Task UnsureSmallTier_EscalatesToTheLargeTier_AndItsCallIsNotProposed()
    {
        var small = new ScriptedChatClient("small-model")
            .EnqueueToolCall("notes__write", new Dictionary<string, object?> { ["text"] = "guess", ["_confidence"] = 0.3 });
        var large = new ScriptedChatClient("large-model")
            .EnqueueToolCall("notes__write", new Dictionary<string, object?> { ["text"] = "right", ["_confidence"] = 0.95, ["_rationale"] = "the student asked for it" })
            .EnqueueText("written");
        await using KernelHarness harness = Tiers(small, large, Scribe("small", escalation: new AgentEscalation(0.7) { EscalateTo = "large" }));

        IntentResult result = await harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct);

        ProposalResult proposal = Assert.Single(result.Proposals);
        Assert.Equal("right", proposal.Proposal.Arguments.GetProperty("text").GetString());
        Assert.False(proposal.Proposal.Arguments.TryGetProperty("_confidence", out _));
        Assert.False(proposal.Proposal.Arguments.TryGetProperty("_rationale", out _));
        Assert.Equal(0.95, proposal.Proposal.Confidence);
        Assert.Equal("the student asked for it", proposal.Proposal.Rationale);
        Assert.Equal(2, large.Calls.Count);
        Assert.Contains(JournalEventTypes.AgentEscalated, (await harness.EventsAsync()).Select(e => e.Type));
    }

    [Fact]
    public async Task UnsureWithNoTierLeft_GoesToTheOperatorEvenForARead()
    {
        var model = new ScriptedChatClient("small-model")
            .EnqueueToolCall("notes__read", new Dictionary<string, object?> { ["_confidence"] = 0.2 })
            .EnqueueText("asked");
        await using KernelHarness harness = Tiers(model, null, Scribe("small", escalation: new AgentEscalation(0.7)));

        IntentResult result = await harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct);

        ProposalResult proposal = Assert.Single(result.Proposals);
        Assert.Equal(ProposalStatus.PendingApproval, proposal.Status);
        Assert.Equal(AgentEscalationPolicy.RuleId, proposal.Evaluation!.Decision.RuleId);
        Assert.Equal(0, harness.Connector.ExecuteCalls);
    }

    [Fact]
    public async Task Tools_DeclareTheOptionalSelfReport()
    {
        var model = new ScriptedChatClient("small-model").EnqueueText("nothing");
        await using KernelHarness harness = Tiers(model, null, Scribe("small"));

        _ = await harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct);

        AIFunctionDeclaration tool = model.Calls[0].Options!.Tools!.OfType<AIFunctionDeclaration>().First();
        JsonElement properties = tool.JsonSchema.GetProperty("properties");
        Assert.Equal("number", properties.GetProperty("_confidence").GetProperty("type").GetString());
        Assert.True(properties.TryGetProperty("_rationale", out _));
    }

    [Fact]
    public async Task NoModel_IsOffline_AndARecoveredTierBringsTheSystemBackOnline()
    {
        await using (KernelHarness offline = Tiers(null, null, Scribe("small")))
        {
            Assert.Equal(OperatorMode.Offline, offline.Services.GetRequiredService<IOperatorStatus>().GetStatus().Mode);
        }

        int calls = 0;
        var model = new ScriptedChatClient("small-model")
        {
            GetResponseAsyncCallback = (_, _, _) => ++calls == 1
                ? Task.FromException<ChatResponse>(Status(HttpStatusCode.ServiceUnavailable))
                : Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "back"))),
        };
        await using KernelHarness harness = Tiers(model, null, Scribe("small"), o => o.Models.MaxRetries = 0);
        IOperatorStatus status = harness.Services.GetRequiredService<IOperatorStatus>();

        _ = await harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct);
        Assert.Equal(OperatorMode.Degraded, status.GetStatus().Mode);
        harness.Clock.Advance(TimeSpan.FromSeconds(30));
        _ = await harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct);

        OperatorStatus back = status.GetStatus();
        Assert.Equal(OperatorMode.Online, back.Mode);
        Assert.Equal(TimeSpan.FromSeconds(30), back.DegradedTime);
        Assert.Contains(JournalEventTypes.OperatorRecovered, (await harness.EventsAsync()).Select(e => e.Type));
    }

    private sealed class FixedStrategy(params AgentToolCall[] calls) : IAgentStrategy
    {
        public ValueTask<IReadOnlyList<AgentToolCall>> PlanAsync(Intent intent, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<IReadOnlyList<AgentToolCall>>(calls);
    }
}
