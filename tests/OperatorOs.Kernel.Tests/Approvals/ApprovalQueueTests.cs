namespace OperatorOs.Kernel.Tests.Approvals;

public class ApprovalQueueTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ApproveAsync_Twice_ExecutesOnceAndReturnsTheSameOutcome()
    {
        // Arrange
        await using var harness = new KernelHarness();
        ProposalResult pending = await harness.Kernel.ProposeAsync(harness.Proposal("mail.send", """{"to":"a@example.com"}"""), Ct);

        // Act
        ApprovalRequest first = await harness.Approvals.ApproveAsync(pending.ApprovalId!, "operator", cancellationToken: Ct);
        ApprovalRequest second = await harness.Approvals.ApproveAsync(pending.ApprovalId!, "operator", cancellationToken: Ct);

        // Assert
        Assert.Single(harness.Connector.Effects);
        Assert.Equal(ApprovalStatus.Approved, second.Status);
        Assert.Equal(first.Outcome, second.Outcome);
    }

    [Fact]
    public async Task ApproveAsync_Concurrently_ExecutesOnce()
    {
        await using var harness = new KernelHarness();
        var gate = new TaskCompletionSource();
        harness.Connector.ExecuteAsyncCallback = async (request, ct) =>
        {
            await gate.Task.WaitAsync(ct);
            return request.Arguments;
        };
        ProposalResult pending = await harness.Kernel.ProposeAsync(harness.Proposal("mail.send"), Ct);

        Task<ApprovalRequest>[] approvals = Enumerable.Range(0, 8)
            .Select(_ => Task.Run(() => harness.Approvals.ApproveAsync(pending.ApprovalId!, "operator", cancellationToken: Ct), Ct))
            .ToArray();
        await Task.Delay(50, Ct);
        gate.SetResult();
        ApprovalRequest[] results = await Task.WhenAll(approvals);

        Assert.Single(harness.Connector.Effects);
        Assert.All(results, r => Assert.Equal(results[0].Outcome!.Token, r.Outcome!.Token));
    }

    [Fact]
    public async Task RejectAsync_Pending_ExecutesNothingAndLaterApprovalIsATypedError()
    {
        await using var harness = new KernelHarness();
        ProposalResult pending = await harness.Kernel.ProposeAsync(harness.Proposal("mail.send"), Ct);

        ApprovalRequest rejected = await harness.Approvals.RejectAsync(pending.ApprovalId!, "operator", "Wrong recipient.", Ct);
        var error = await Assert.ThrowsAsync<ApprovalStateException>(() => harness.Approvals.ApproveAsync(pending.ApprovalId!, "operator", cancellationToken: Ct));

        Assert.Equal(ApprovalStatus.Rejected, rejected.Status);
        Assert.Equal("Wrong recipient.", rejected.DecisionReason);
        Assert.Equal(ApprovalStatus.Rejected, error.Status);
        Assert.Empty(harness.Connector.Effects);
        Assert.Equal(0, harness.Connector.ExecuteCalls);
        Assert.Empty(await harness.Approvals.ListPendingAsync(Ct));
    }

    [Fact]
    public async Task RejectAsync_AfterApproval_IsATypedError()
    {
        await using var harness = new KernelHarness();
        ProposalResult pending = await harness.Kernel.ProposeAsync(harness.Proposal("mail.send"), Ct);
        await harness.Approvals.ApproveAsync(pending.ApprovalId!, "operator", cancellationToken: Ct);

        var error = await Assert.ThrowsAsync<ApprovalStateException>(() => harness.Approvals.RejectAsync(pending.ApprovalId!, "operator", "late", Ct));

        Assert.Equal(ApprovalStatus.Approved, error.Status);
        Assert.Single(harness.Connector.Effects);
    }

    [Fact]
    public async Task ApproveAsync_AfterExpiry_IsATypedErrorAndExecutesNothing()
    {
        await using var harness = new KernelHarness(o => o.ApprovalExpiry = TimeSpan.FromHours(1));
        ProposalResult pending = await harness.Kernel.ProposeAsync(harness.Proposal("mail.send"), Ct);

        harness.Clock.Advance(TimeSpan.FromHours(2));
        var error = await Assert.ThrowsAsync<ApprovalStateException>(() => harness.Approvals.ApproveAsync(pending.ApprovalId!, "operator", cancellationToken: Ct));

        Assert.Equal(ApprovalStatus.Expired, error.Status);
        Assert.Equal(ApprovalStatus.Expired, (await harness.Approvals.GetAsync(pending.ApprovalId!, Ct))!.Status);
        Assert.Empty(harness.Connector.Effects);
    }

    [Fact]
    public async Task ApproveAsync_UnknownId_IsATypedError()
    {
        await using var harness = new KernelHarness();

        var error = await Assert.ThrowsAsync<ApprovalNotFoundException>(() => harness.Approvals.ApproveAsync("apr_missing", "operator", cancellationToken: Ct));

        Assert.Equal("apr_missing", error.ApprovalId);
    }

    [Fact]
    public async Task ApproveAsync_WithCorrection_ExecutesTheCorrectedArgumentsAndKeepsTheOriginal()
    {
        await using var harness = new KernelHarness();
        ProposalResult pending = await harness.Kernel.ProposeAsync(harness.Proposal("mail.send", """{"to":"wrong@example.com"}"""), Ct);

        ApprovalRequest approved = await harness.Approvals.ApproveAsync(pending.ApprovalId!, "operator", TestJson.Parse("""{"to":"right@example.com"}"""), Ct);

        OperationRequest effect = Assert.Single(harness.Connector.Effects);
        Assert.Equal("right@example.com", effect.Arguments.GetProperty("to").GetString());
        Assert.Equal("wrong@example.com", approved.Proposal.Arguments.GetProperty("to").GetString());
        Assert.Equal(pending.Proposal.OperationToken, effect.Token);
        Assert.Contains(await harness.EventsAsync(), e => e.Type == JournalEventTypes.ApprovalApproved && e.Payload.TryGetProperty("correctedArguments", out _));
    }

    [Fact]
    public async Task ListPendingAsync_OldestFirst()
    {
        await using var harness = new KernelHarness();
        ProposalResult a = await harness.Kernel.ProposeAsync(harness.Proposal("mail.send"), Ct);
        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        ProposalResult b = await harness.Kernel.ProposeAsync(harness.Proposal("billing.refund"), Ct);

        IReadOnlyList<ApprovalRequest> pending = await harness.Approvals.ListPendingAsync(Ct);

        Assert.Equal([a.ApprovalId, b.ApprovalId], pending.Select(p => p.Id));
    }
}
