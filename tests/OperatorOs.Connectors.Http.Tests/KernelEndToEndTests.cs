using Microsoft.Extensions.DependencyInjection;

namespace OperatorOs.Connectors.Http.Tests;

/// <summary>The Http connector behind the real kernel: policy, the approval queue and the executor.</summary>
public sealed class KernelEndToEndTests : IAsyncDisposable
{
    private readonly ConnectorFixture _fixture = new();

    public ValueTask DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task ExternalCapability_NeedsApproval_AndApprovingTwiceSendsOnce()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        var services = new ServiceCollection();
        services.AddOperatorOs().AddHttpConnector(o =>
        {
            o.Name = "payments";
            o.BaseAddress = _fixture.Server.BaseAddress;
            o.BearerToken = ConnectorFixture.Secret;
            o.Operations.Add(new HttpOperation
            {
                Name = "payments.refund",
                Description = "Refunds a payment.",
                RiskTier = RiskTier.External,
                Method = "POST",
                UrlTemplate = "/refunds",
                BodyArgument = "refund",
            });
        });
        await using ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        IOperatorKernel kernel = provider.GetRequiredService<IOperatorKernel>();
        IApprovalQueue approvals = provider.GetRequiredService<IApprovalQueue>();
        var proposal = new ActionProposal("refund-1", "payments.refund", TestJson.Parse("""{"refund":{"payment":"pay_1","amount":250}}"""), "operator", TimeProvider.System.GetUtcNow())
        {
            ProposerKind = ActorKind.Operator,
        };

        ProposalResult pending = await kernel.ProposeAsync(proposal, ct);
        Assert.Equal(ProposalStatus.PendingApproval, pending.Status);
        Assert.Empty(_fixture.Server.Requests);

        ApprovalRequest approved = await approvals.ApproveAsync(pending.ApprovalId!, "operator", cancellationToken: ct);
        ApprovalRequest again = await approvals.ApproveAsync(pending.ApprovalId!, "operator", cancellationToken: ct);

        RecordedRequest sent = Assert.Single(_fixture.Server.Requests);
        Assert.Equal(proposal.OperationToken.Value, sent.IdempotencyKey);
        Assert.Equal(1, _fixture.Server.TotalRefunds);
        Assert.NotNull(approved.Outcome);
        Assert.Equal(approved.Outcome, again.Outcome);
        Assert.Equal("POST /refunds -> 201", approved.Outcome!.Summary);
    }
}
