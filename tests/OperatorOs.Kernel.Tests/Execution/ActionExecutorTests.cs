namespace OperatorOs.Kernel.Tests.Execution;

public class ActionExecutorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ProposeAsync_AcknowledgementLost_RetryAsksStatusAndDoesNotRepeatTheEffect()
    {
        // Arrange
        await using var harness = new KernelHarness();
        harness.Connector.LoseNextAcknowledgement = true;

        // Act
        ProposalResult result = await harness.Kernel.ProposeAsync(harness.Proposal("notes.read"), Ct);

        // Assert
        Assert.Equal(ProposalStatus.Executed, result.Status);
        Assert.Single(harness.Connector.Effects);
        Assert.Equal(1, harness.Connector.ExecuteCalls);
    }

    [Fact]
    public async Task ProposeAsync_PermanentFailure_ReportsFailedAndJournalsIt()
    {
        await using var harness = new KernelHarness();
        harness.Connector.ExecuteAsyncCallback = (_, _) => throw new ConnectorException("test", "the mailbox is full", isTransient: false);

        ProposalResult result = await harness.Kernel.ProposeAsync(harness.Proposal("notes.read"), Ct);

        Assert.Equal(ProposalStatus.Failed, result.Status);
        Assert.Contains("the mailbox is full", result.Error, StringComparison.Ordinal);
        Assert.Equal(1, harness.Connector.ExecuteCalls);
        Assert.Contains(await harness.EventsAsync(), e => e.Type == JournalEventTypes.ActionFailed);
    }

    [Fact]
    public async Task ProposeAsync_TokenInDoubt_IsNotRepeated_AndFailsForTheOperator()
    {
        await using var harness = new KernelHarness(o => o.MaxExecutionAttempts = 3);
        harness.Connector.GetStatusCallback = token => OperationStatus.InDoubt(token);

        ProposalResult result = await harness.Kernel.ProposeAsync(harness.Proposal("notes.read"), Ct);

        Assert.Equal(ProposalStatus.Failed, result.Status);
        Assert.Contains("in doubt", result.Error, StringComparison.Ordinal);
        Assert.Equal(0, harness.Connector.ExecuteCalls);
    }

    [Fact]
    public async Task ProposeAsync_TransientFailures_RetriesUpToTheLimit()
    {
        await using var harness = new KernelHarness(o => o.MaxExecutionAttempts = 3);
        harness.Connector.ExecuteAsyncCallback = (_, _) => throw new ConnectorException("test", "busy", isTransient: true);

        ProposalResult result = await harness.Kernel.ProposeAsync(harness.Proposal("notes.read"), Ct);

        Assert.Equal(ProposalStatus.Failed, result.Status);
        Assert.Equal(3, harness.Connector.ExecuteCalls);
        Assert.Empty(harness.Connector.Effects);
    }

    [Fact]
    public async Task ProposeAsync_Executed_RecordsTheOutcomeAsAFactWithProvenance()
    {
        await using var harness = new KernelHarness();
        ActionProposal proposal = harness.Proposal("notes.read") ;

        await harness.Kernel.ProposeAsync(proposal, Ct);

        MemoryRecord? fact = await harness.Memory.GetAsync($"action/{proposal.Id}", "outcome", Ct);
        Assert.NotNull(fact);
        Assert.Equal(MemoryKind.Fact, fact.Kind);
        Assert.Equal(ActorKind.Operator, fact.Provenance.ActorKind);
        Assert.Equal("operator", fact.Provenance.Actor);
        Assert.Equal(proposal.OperationToken.Value, fact.Value.GetProperty("token").GetString());
    }
}
