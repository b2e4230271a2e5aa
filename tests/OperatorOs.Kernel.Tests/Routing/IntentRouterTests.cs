using Microsoft.Extensions.DependencyInjection;

namespace OperatorOs.Kernel.Tests.Routing;

public class IntentRouterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SubmitAsync_NoRoute_GoesToTheOperatorAndIsJournaled()
    {
        await using var harness = new KernelHarness();

        IntentResult result = await harness.Kernel.SubmitAsync(harness.Intent("unknown.thing"), Ct);

        Assert.False(result.Route.IsRouted);
        Assert.Equal(RouteTargetKind.Operator, result.Route.TargetKind);
        Assert.Empty(result.Proposals);
        Assert.Equal([JournalEventTypes.IntentReceived, JournalEventTypes.IntentUnrouted], (await harness.EventsAsync()).Select(e => e.Type));
    }

    [Fact]
    public async Task Route_ExactName_FindsTheAgent()
    {
        var agents = new AgentRegistry([new AgentRole("triage", "x"), new AgentRole("grader", "y")]);
        var router = new IntentRouter([new IntentRoute("student.question", RouteTargetKind.Agent, "triage"), new IntentRoute("submission.received", RouteTargetKind.Agent, "grader")], agents);

        RouteDecision decision = await router.RouteAsync(Intent.Create("submission.received", default, "t", TrustLevel.Internal, TimeProvider.System), Ct);

        Assert.Equal(new RouteDecision(RouteTargetKind.Agent, "grader", "exact"), decision);
    }

    [Fact]
    public void Constructor_DuplicateRoute_Throws()
    {
        var agents = new AgentRegistry([new AgentRole("triage", "x")]);

        var error = Assert.Throws<InvalidOperationException>(() => new IntentRouter(
            [new IntentRoute("a.b", RouteTargetKind.Agent, "triage"), new IntentRoute("a.b", RouteTargetKind.Agent, "triage")], agents));

        Assert.Contains("'a.b'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kernel_RouteToUnregisteredAgent_FailsAtResolutionWithTheAgentsName()
    {
        await using var harness = new KernelHarness(build: b => b.MapIntentToAgent("a.b", "ghost"));

        var error = Assert.Throws<InvalidOperationException>(() => harness.Services.GetRequiredService<IOperatorKernel>());

        Assert.Contains("'ghost'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IntentRoute_MalformedName_Throws()
    {
        Assert.Throws<ArgumentException>(() => new IntentRoute("Not Valid", RouteTargetKind.Agent, "x"));
        Assert.Throws<ArgumentException>(() => new IntentRoute("a.b", RouteTargetKind.Operator, "x"));
    }
}
