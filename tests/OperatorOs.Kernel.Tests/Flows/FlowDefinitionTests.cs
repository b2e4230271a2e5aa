using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace OperatorOs.Kernel.Tests.Flows;

public sealed class FlowDefinitionTests
{
    public static TheoryData<string, Func<FlowBuilder, FlowBuilder>, string?, string> Malformed => new()
    {
        { "no initial state", f => f.State("a", s => s.Terminal()), null, "no initial state" },
        { "undeclared initial", f => f.Initial("x").State("a", s => s.Terminal()), "x", "not declared" },
        { "terminal initial", f => f.Initial("a").Terminal("a"), "a", "initial state is terminal" },
        { "duplicate state", f => f.Initial("a").State("a", s => s.On("go").TransitionTo("a")).State("a", s => s.Terminal()), "a", "more than once" },
        { "dead end", f => f.Initial("a").State("a", s => s.On("go").TransitionTo("b")).State("b", _ => { }), "b", "no transitions and is not terminal" },
        { "missing target", f => f.Initial("a").State("a", s => s.On("go").Step("x", "notes.write", c => new JsonObject())).Terminal("b"), "a", "no target" },
        { "unknown target", f => f.Initial("a").State("a", s => s.On("go").TransitionTo("nowhere")), "a", "undeclared state 'nowhere'" },
        { "unknown refusal target", f => f.Initial("a").State("a", s => s.On("go").OnRefused("nowhere").TransitionTo("b")).Terminal("b"), "a", "on refusal" },
        { "bad trigger", f => f.Initial("a").State("a", s => s.On("Go Now").TransitionTo("b")).Terminal("b"), "a", "trigger 'Go Now'" },
        { "duplicate step", f => f.Initial("a").State("a", s => s.On("go").Step("x", "notes.write", c => new JsonObject()).Step("x", "notes.write", c => new JsonObject()).TransitionTo("b")).Terminal("b"), "a", "used twice" },
        { "bad capability", f => f.Initial("a").State("a", s => s.On("go").Step("x", "Notes", c => new JsonObject()).TransitionTo("b")).Terminal("b"), "a", "capability 'Notes'" },
        { "terminal with transitions", f => f.Initial("a").State("a", s => s.On("go").TransitionTo("b")).State("b", s => s.Terminal().On("x").TransitionTo("a")), "b", "terminal state cannot have transitions" },
        { "negative delay", f => f.Initial("a").State("a", s => s.After(TimeSpan.FromSeconds(-1), "t").TransitionTo("b")).Terminal("b"), "a", "must be positive" },
        { "empty self loop", f => f.Initial("a").State("a", s => s.Always().TransitionTo("a").On("go").TransitionTo("b")).Terminal("b"), "a", "loop forever" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Build_MalformedDefinition_ThrowsNamingTheFlowAndState(string because, Func<FlowBuilder, FlowBuilder> define, string? state, string problem)
    {
        var error = Assert.Throws<FlowDefinitionException>(() => define(FlowDefinition.Create("enrollment")).Build());

        Assert.Equal("enrollment", error.FlowName);
        Assert.Equal(state, error.State);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Contains("Flow 'enrollment'", error.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(because));
    }

    [Fact]
    public void AddFlow_MalformedDefinition_FailsAtRegistration()
    {
        var services = new ServiceCollection();

        var error = Assert.Throws<FlowDefinitionException>(() => services.AddOperatorOs().AddFlow("refund", 1, f => f.Initial("open").State("open", s => s.On("approve").TransitionTo("closed"))));

        Assert.Contains("Flow 'refund', state 'open'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'closed'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registry_SameVersionTwice_FailsWhenResolved()
    {
        await using var h = new FlowHarness(b => b.AddFlow(FlowHarness.Enrollment()).AddFlow(FlowHarness.Enrollment()));

        var error = Assert.Throws<FlowDefinitionException>(() => h.Kernel.Services.GetRequiredService<IFlowRuntime>());

        Assert.Contains("version 1 is registered twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Route_ToUnregisteredFlow_FailsAtResolution()
    {
        await using var h = new FlowHarness(b => b.MapIntentToFlow("refund.requested", "refunds"));

        var error = Assert.Throws<InvalidOperationException>(() => h.Kernel.Services.GetRequiredService<IOperatorKernel>());

        Assert.Contains("flow 'refunds'", error.Message, StringComparison.Ordinal);
    }
}
