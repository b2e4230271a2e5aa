namespace OperatorOs.Abstractions.Tests.Kernel;

public class DelegatingOperatorKernelTests
{
    [Fact]
    public void Constructor_NullInner_Throws() =>
        Assert.Throws<ArgumentNullException>(() => new PassThroughKernel(null!));

    [Fact]
    public async Task Members_PassThroughToTheInnerKernel()
    {
        // Arrange
        var inner = new RecordingKernel();
        var kernel = new PassThroughKernel(inner);
        Intent intent = Intent.Create("a.b", default, "test", TrustLevel.Operator, TimeProvider.System);
        var proposal = new ActionProposal("p", "c.d", TestJson.Parse("{}"), "operator", DateTimeOffset.UnixEpoch);

        // Act
        IntentResult submitted = await kernel.SubmitAsync(intent, TestContext.Current.CancellationToken);
        ProposalResult proposed = await kernel.ProposeAsync(proposal, TestContext.Current.CancellationToken);
        PolicyEvaluation explained = await kernel.ExplainAsync(proposal, TestContext.Current.CancellationToken);

        // Assert
        Assert.Same(intent, submitted.Intent);
        Assert.Same(proposal, proposed.Proposal);
        Assert.Equal("inner", explained.Decision.RuleId);
        Assert.Equal(["submit", "propose", "explain"], inner.Calls);
    }

    private sealed class PassThroughKernel(IOperatorKernel inner) : DelegatingOperatorKernel(inner);

    private sealed class RecordingKernel : IOperatorKernel
    {
        public List<string> Calls { get; } = [];

        public Task<IntentResult> SubmitAsync(Intent intent, CancellationToken cancellationToken = default)
        {
            Calls.Add("submit");
            return Task.FromResult(new IntentResult(intent, RouteDecision.Unrouted, []));
        }

        public Task<ProposalResult> ProposeAsync(ActionProposal proposal, CancellationToken cancellationToken = default)
        {
            Calls.Add("propose");
            return Task.FromResult(new ProposalResult(proposal, ProposalStatus.Denied, null));
        }

        public Task<PolicyEvaluation> ExplainAsync(ActionProposal proposal, CancellationToken cancellationToken = default)
        {
            Calls.Add("explain");
            return Task.FromResult(new PolicyEvaluation(PolicyDecision.Deny("inner", "x"), []));
        }
    }
}
