namespace OperatorOs.Abstractions.Tests.Approvals;

public class ApprovalRequestTests
{
    private static readonly DateTimeOffset Now = new(2026, 9, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Constructor_ValidArguments_StartsPending()
    {
        ActionProposal proposal = Proposal();
        PolicyDecision decision = PolicyDecision.NeedsApproval("risk-tier.external", "outside");

        var request = new ApprovalRequest("a-1", proposal, decision, Now);

        Assert.Equal("a-1", request.Id);
        Assert.Same(proposal, request.Proposal);
        Assert.Same(decision, request.Decision);
        Assert.Equal(Now, request.CreatedAt);
        Assert.Equal(ApprovalStatus.Pending, request.Status);
        Assert.Null(request.CorrectedArguments);
        Assert.Null(request.Outcome);
    }

    [Fact]
    public void EffectiveProposal_NoCorrection_IsTheOriginalProposal()
    {
        ApprovalRequest request = Request();

        Assert.Same(request.Proposal, request.EffectiveProposal);
    }

    [Fact]
    public void EffectiveProposal_CorrectedArguments_UsesThemAndKeepsIdAndToken()
    {
        // Arrange
        ApprovalRequest request = Request() with
        {
            Status = ApprovalStatus.Approved,
            CorrectedArguments = TestJson.Parse("""{"to":"right@example.com"}"""),
        };

        // Act
        ActionProposal effective = request.EffectiveProposal;

        // Assert
        Assert.Equal("right@example.com", effective.Arguments.GetProperty("to").GetString());
        Assert.Equal("wrong@example.com", request.Proposal.Arguments.GetProperty("to").GetString());
        Assert.Equal(request.Proposal.Id, effective.Id);
        Assert.Equal(request.Proposal.OperationToken, effective.OperationToken);
        Assert.Equal(request.Proposal.Capability, effective.Capability);
        Assert.Equal(request.Proposal.Taint, effective.Taint);
        Assert.Equal(request.Proposal.CorrelationId, effective.CorrelationId);
    }

    [Fact]
    public void EffectiveProposal_CorrectionNotAnObject_ThrowsInvalidProposal()
    {
        ApprovalRequest request = Request() with { CorrectedArguments = TestJson.Parse("[1]") };

        var error = Assert.Throws<InvalidProposalException>(() => request.EffectiveProposal);

        Assert.Equal(nameof(ActionProposal.Arguments), error.Field);
    }

    [Fact]
    public void With_Decision_KeepsIdentityAndChangesOnlyTheDecisionFields()
    {
        ApprovalRequest pending = Request();

        ApprovalRequest rejected = pending with { Status = ApprovalStatus.Rejected, DecidedBy = "op", DecidedAt = Now.AddMinutes(5), DecisionReason = "no" };

        Assert.Equal(ApprovalStatus.Pending, pending.Status);
        Assert.Equal(pending.Id, rejected.Id);
        Assert.Same(pending.Proposal, rejected.Proposal);
        Assert.Equal(ApprovalStatus.Rejected, rejected.Status);
        Assert.Equal("op", rejected.DecidedBy);
        Assert.NotEqual(pending, rejected);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void Constructor_EmptyId_Throws(string id)
    {
        Assert.Throws<ArgumentException>(() => new ApprovalRequest(id, Proposal(), PolicyDecision.Deny("r", "x"), Now));
    }

    [Fact]
    public void Constructor_NullProposalOrDecision_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => new ApprovalRequest("a-1", null!, PolicyDecision.Deny("r", "x"), Now));
        Assert.Throws<ArgumentNullException>(() => new ApprovalRequest("a-1", Proposal(), null!, Now));
    }

    private static ActionProposal Proposal() =>
        new("p-1", "mail.send", TestJson.Parse("""{"to":"wrong@example.com"}"""), "triage", Now)
        {
            Taint = TrustLevel.Untrusted,
            CorrelationId = "c-1",
        };

    private static ApprovalRequest Request() =>
        new("a-1", Proposal(), PolicyDecision.NeedsApproval("risk-tier.external", "outside"), Now);
}
