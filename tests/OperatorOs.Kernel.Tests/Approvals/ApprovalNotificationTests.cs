using Microsoft.Extensions.DependencyInjection;

namespace OperatorOs.Kernel.Tests.Approvals;

public class ApprovalNotificationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WatchAsync_SeesEachRequestQueuedAndDecidedInOrder()
    {
        // Arrange
        await using var harness = new KernelHarness(o => o.ApprovalExpiry = TimeSpan.FromHours(1));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var seen = new List<(string Capability, ApprovalStatus Status)>();
        var ready = new TaskCompletionSource();
        Task watcher = Task.Run(
            async () =>
            {
                IAsyncEnumerator<ApprovalNotification> notifications = harness.Approvals.WatchAsync(stop.Token).GetAsyncEnumerator(stop.Token);
                Task<bool> first = notifications.MoveNextAsync().AsTask();
                ready.SetResult();
                if (!await first)
                {
                    return;
                }

                do
                {
                    seen.Add((notifications.Current.Request.Proposal.Capability, notifications.Current.Request.Status));
                }
                while (seen.Count < 6 && await notifications.MoveNextAsync());

                await notifications.DisposeAsync();
            },
            Ct);
        await ready.Task;

        // Act
        ProposalResult mail = await harness.Kernel.ProposeAsync(harness.Proposal("mail.send"), Ct);
        ProposalResult refund = await harness.Kernel.ProposeAsync(harness.Proposal("billing.refund"), Ct);
        ProposalResult note = await harness.Kernel.ProposeAsync(harness.Proposal("notes.write"), Ct);
        await harness.Approvals.ApproveAsync(mail.ApprovalId!, "operator", cancellationToken: Ct);
        await harness.Approvals.RejectAsync(refund.ApprovalId!, "operator", "no", Ct);
        harness.Clock.Advance(TimeSpan.FromHours(2));
        await harness.Approvals.GetAsync(note.ApprovalId!, Ct);
        await watcher.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        // Assert
        Assert.Equal(
            [("mail.send", ApprovalStatus.Pending), ("billing.refund", ApprovalStatus.Pending), ("notes.write", ApprovalStatus.Pending),
             ("mail.send", ApprovalStatus.Approved), ("billing.refund", ApprovalStatus.Rejected), ("notes.write", ApprovalStatus.Expired)],
            seen);
    }

    [Fact]
    public async Task ApproveAsync_WithCorrection_RecordsTheCorrectionAgainstTheProposerAndCapability()
    {
        await using var harness = new KernelHarness(build: b => b.AddAgent(new AgentRole("triage", "x") { GrantedCapabilities = ["mail.send"] }));
        ActionProposal proposal = harness.Proposal("mail.send", """{"to":"wrong@example.com"}""", proposer: "triage", kind: ActorKind.Agent);
        ProposalResult pending = await harness.Kernel.ProposeAsync(proposal, Ct);

        await harness.Approvals.ApproveAsync(pending.ApprovalId!, "operator", TestJson.Parse("""{"to":"right@example.com"}"""), Ct);

        MemoryRecord? correction = await harness.Memory.GetAsync("agent/triage", $"correction/mail.send/{proposal.Id}", Ct);
        Assert.NotNull(correction);
        Assert.Equal("wrong@example.com", correction.Value.GetProperty("proposed").GetProperty("to").GetString());
        Assert.Equal("right@example.com", correction.Value.GetProperty("corrected").GetProperty("to").GetString());
        Assert.Equal(ActorKind.Operator, correction.Provenance.ActorKind);
        Assert.Equal(pending.ApprovalId, correction.Provenance.ApprovalId);
    }
}
