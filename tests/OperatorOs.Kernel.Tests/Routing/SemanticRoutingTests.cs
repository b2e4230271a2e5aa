using Microsoft.Extensions.DependencyInjection;

namespace OperatorOs.Kernel.Tests.Routing;

public class SemanticRoutingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static KernelHarness Harness(Action<IOperatorOsBuilder>? more = null) => new(build: b =>
    {
        b.AddAgent(new AgentRole("triage", "Answer questions."))
            .AddAgent(new AgentRole("billing", "Handle payments and refunds."))
            .AddAgent(new AgentRole("grader", "Grade submissions."))
            .MapExemplarsToAgent("triage", "when is the assignment due", "what is the deadline for week 3", "where do I find the lecture slides")
            .MapExemplarsToAgent("billing", "I want a refund", "my payment failed", "please send me an invoice for the course")
            .MapExemplarsToAgent("grader", "here is my submission for the assignment", "please grade my homework");
        more?.Invoke(b);
    });

    [Theory]
    [InlineData("What's the deadline for the week 3 assignment?", "triage")]
    [InlineData("Can I get a refund? My payment went through twice.", "billing")]
    [InlineData("Attached is my homework submission, please grade it", "grader")]
    public async Task SubmitAsync_Text_RoutesToTheClosestRoute(string text, string expected)
    {
        await using KernelHarness harness = Harness();

        IntentResult result = await harness.Kernel.SubmitAsync(harness.Intent("email.received", $$"""{"subject":"question","body":"{{text}}"}""", TrustLevel.Untrusted), Ct);

        Assert.Equal(expected, result.Route.Target);
        Assert.Equal(IntentRouter.SemanticRule, result.Route.Rule);
        Assert.True(result.Route.Score >= 0.3);
        Assert.Equal(3, result.Route.Candidates.Count);
        Assert.Equal(expected, result.Route.Candidates[0].Target);
    }

    [Fact]
    public async Task SubmitAsync_NothingClose_GoesToTheOperatorWithCandidatesAndScoresJournaled()
    {
        await using KernelHarness harness = Harness();

        IntentResult result = await harness.Kernel.SubmitAsync(harness.Intent("email.received", """{"text":"zebra quantum marmalade"}"""), Ct);

        Assert.False(result.Route.IsRouted);
        Assert.Equal(3, result.Route.Candidates.Count);
        JournalEvent unrouted = Assert.Single(await harness.EventsAsync(), e => e.Type == JournalEventTypes.IntentUnrouted);
        Assert.Equal(3, unrouted.Payload.GetProperty("candidates").GetArrayLength());
    }

    [Fact]
    public async Task SubmitAsync_TwoRoutesTooClose_IsUnroutedBecauseOfTheMargin()
    {
        await using KernelHarness harness = Harness(b => b.Services.Configure<SemanticRoutingOptions>(o => o.Margin = 0.9));

        IntentResult result = await harness.Kernel.SubmitAsync(harness.Intent("email.received", """{"text":"when is the assignment due"}"""), Ct);

        Assert.False(result.Route.IsRouted);
        Assert.Equal("triage", result.Route.Candidates[0].Target);
    }

    [Fact]
    public async Task SubmitAsync_ExactAndRuleRoutesComeFirst()
    {
        await using KernelHarness harness = Harness(b => b
            .MapIntentToAgent("invoice.requested", "billing")
            .MapRuleToAgent("rule.vip", intent => intent.Source == "vip", "grader"));

        IntentResult exact = await harness.Kernel.SubmitAsync(harness.Intent("invoice.requested", """{"text":"when is the assignment due"}"""), Ct);
        IntentResult rule = await harness.Kernel.SubmitAsync(OperatorOs.Intent.Create("email.received", TestJson.Parse("""{"text":"I want a refund"}"""), "vip", TrustLevel.Untrusted, harness.Clock), Ct);

        Assert.Equal(("billing", "exact"), (exact.Route.Target, exact.Route.Rule));
        Assert.Equal(("grader", "rule.vip"), (rule.Route.Target, rule.Route.Rule));
    }

    [Fact]
    public async Task SubmitAsync_IntentWithoutText_IsUnrouted()
    {
        await using KernelHarness harness = Harness();

        IntentResult result = await harness.Kernel.SubmitAsync(harness.Intent("email.received", """{"n":1}"""), Ct);

        Assert.False(result.Route.IsRouted);
        Assert.Empty(result.Route.Candidates);
    }

    [Fact]
    public void SemanticRoute_NoExemplars_Throws() =>
        Assert.Throws<ArgumentException>(() => new SemanticRoute(RouteTargetKind.Agent, "triage", ["", " "]));

    [Fact]
    public async Task Kernel_SemanticRouteToUnknownAgent_FailsAtResolution()
    {
        await using var harness = new KernelHarness(build: b => b.MapExemplarsToAgent("ghost", "hello"));

        var error = Assert.Throws<InvalidOperationException>(() => harness.Services.GetRequiredService<IOperatorKernel>());

        Assert.Contains("'ghost'", error.Message, StringComparison.Ordinal);
    }
}
