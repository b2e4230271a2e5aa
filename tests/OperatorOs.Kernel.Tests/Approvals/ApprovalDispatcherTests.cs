using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace OperatorOs.Kernel.Tests.Approvals;

public class ApprovalDispatcherTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DispatchAsync_ApprovedWithoutOutcome_ExecutesOnceAndStoresTheOutcome()
    {
        // Arrange: decided without execution, as the operator CLI does.
        await using var harness = new KernelHarness();
        ProposalResult pending = await harness.Kernel.ProposeAsync(harness.Proposal("mail.send", """{"to":"a@example.com"}"""), Ct);
        ApprovalRequest approved = await Decider(harness).ApproveAsync(pending.ApprovalId!, "operator", cancellationToken: Ct);
        ApprovalDispatcher dispatcher = Dispatcher(harness);

        // Act
        int first = await dispatcher.DispatchAsync(Ct);
        int second = await dispatcher.DispatchAsync(Ct);

        // Assert
        Assert.Null(approved.Outcome);
        Assert.Equal(1, first);
        Assert.Equal(0, second);
        Assert.Single(harness.Connector.Effects);
        ApprovalRequest stored = (await harness.Approvals.GetAsync(pending.ApprovalId!, Ct))!;
        Assert.NotNull(stored.Outcome);
        Assert.Equal(2, dispatcher.PassesCompleted);
    }

    [Fact]
    public async Task Decider_Approve_JournalsTheDecisionButExecutesNothing()
    {
        await using var harness = new KernelHarness();
        ProposalResult pending = await harness.Kernel.ProposeAsync(harness.Proposal("mail.send"), Ct);

        ApprovalRequest approved = await Decider(harness).ApproveAsync(pending.ApprovalId!, "operator", cancellationToken: Ct);
        ApprovalRequest again = await Decider(harness).ApproveAsync(pending.ApprovalId!, "operator", cancellationToken: Ct);

        Assert.Equal(ApprovalStatus.Approved, approved.Status);
        Assert.Equal(approved.DecidedAt, again.DecidedAt);
        Assert.Equal(0, harness.Connector.ExecuteCalls);
        List<JournalEvent> events = await harness.EventsAsync();
        Assert.Single(events, e => e.Type == JournalEventTypes.ApprovalApproved);
        Assert.DoesNotContain(events, e => e.Type == JournalEventTypes.ActionStarted);
    }

    [Fact]
    public async Task Decider_ApproveWithCorrection_RecordsTheCorrectionAndTheDispatcherExecutesIt()
    {
        await using var harness = new KernelHarness();
        ProposalResult pending = await harness.Kernel.ProposeAsync(harness.Proposal("billing.refund", """{"amount":80}""", proposer: "billing", kind: ActorKind.Flow), Ct);

        await Decider(harness).ApproveAsync(pending.ApprovalId!, "operator", TestJson.Parse("""{"amount":40}"""), Ct);
        await Dispatcher(harness).DispatchAsync(Ct);

        OperationRequest effect = Assert.Single(harness.Connector.Effects);
        Assert.Equal(40, effect.Arguments.GetProperty("amount").GetInt32());
        MemoryRecord correction = (await harness.Memory.GetAsync("flow/billing", $"correction/billing.refund/{pending.Proposal.Id}", Ct))!;
        Assert.Equal(80, correction.Value.GetProperty("proposed").GetProperty("amount").GetInt32());
        Assert.Equal(pending.ApprovalId, correction.Provenance.ApprovalId);
    }

    [Fact]
    public async Task Decider_AfterRejection_IsATypedErrorAndNothingRuns()
    {
        await using var harness = new KernelHarness();
        ProposalResult pending = await harness.Kernel.ProposeAsync(harness.Proposal("mail.send"), Ct);
        await Decider(harness).RejectAsync(pending.ApprovalId!, "operator", "No.", Ct);

        var error = await Assert.ThrowsAsync<ApprovalStateException>(() => Decider(harness).ApproveAsync(pending.ApprovalId!, "operator", cancellationToken: Ct));
        int executed = await Dispatcher(harness).DispatchAsync(Ct);

        Assert.Equal(ApprovalStatus.Rejected, error.Status);
        Assert.Equal(0, executed);
        Assert.Equal(0, harness.Connector.ExecuteCalls);
    }

    [Fact]
    public async Task Decider_AfterExpiry_ExpiresTheRequestAndIsATypedError()
    {
        await using var harness = new KernelHarness(o => o.ApprovalExpiry = TimeSpan.FromHours(1));
        ProposalResult pending = await harness.Kernel.ProposeAsync(harness.Proposal("mail.send"), Ct);
        harness.Clock.Advance(TimeSpan.FromHours(2));

        var error = await Assert.ThrowsAsync<ApprovalStateException>(() => Decider(harness).ApproveAsync(pending.ApprovalId!, "operator", cancellationToken: Ct));

        Assert.Equal(ApprovalStatus.Expired, error.Status);
        Assert.Equal(ApprovalStatus.Expired, (await harness.Approvals.GetAsync(pending.ApprovalId!, Ct))!.Status);
    }

    [Fact]
    public async Task DispatchAsync_TransientFailure_IsRetriedAtTheNextPass()
    {
        await using var harness = new KernelHarness(o => o.MaxExecutionAttempts = 1);
        int calls = 0;
        harness.Connector.ExecuteAsyncCallback = (request, _) =>
            Interlocked.Increment(ref calls) == 1
                ? throw new ConnectorException("test", "briefly down", isTransient: true)
                : Task.FromResult(request.Arguments);
        ProposalResult pending = await harness.Kernel.ProposeAsync(harness.Proposal("mail.send"), Ct);
        await Decider(harness).ApproveAsync(pending.ApprovalId!, "operator", cancellationToken: Ct);

        int first = await Dispatcher(harness).DispatchAsync(Ct);
        int second = await Dispatcher(harness).DispatchAsync(Ct);

        Assert.Equal(0, first);
        Assert.Equal(1, second);
        Assert.Single(harness.Connector.Effects);
    }

    [Fact]
    public async Task DispatchAsync_PermanentFailure_IsNotRetriedByThisHost()
    {
        await using var harness = new KernelHarness(o => o.MaxExecutionAttempts = 1);
        harness.Connector.ExecuteAsyncCallback = (_, _) => throw new ConnectorException("test", "account closed", isTransient: false);
        ProposalResult pending = await harness.Kernel.ProposeAsync(harness.Proposal("mail.send"), Ct);
        await Decider(harness).ApproveAsync(pending.ApprovalId!, "operator", cancellationToken: Ct);

        await Dispatcher(harness).DispatchAsync(Ct);
        await Dispatcher(harness).DispatchAsync(Ct);

        Assert.Equal(1, harness.Connector.ExecuteCalls);
        Assert.Single(await harness.EventsAsync(), e => e.Type == JournalEventTypes.ActionFailed);
    }

    [Fact]
    public async Task DispatchAsync_CapabilityThisHostLacks_IsLeftForAnotherHost()
    {
        // Arrange: a host with the connector queues and approves; a host without it dispatches.
        await using var withConnector = new KernelHarness();
        ProposalResult pending = await withConnector.Kernel.ProposeAsync(withConnector.Proposal("mail.send"), Ct);
        ApprovalStore store = withConnector.Services.GetRequiredService<ApprovalStore>();
        await Decider(withConnector).ApproveAsync(pending.ApprovalId!, "operator", cancellationToken: Ct);
        await using var without = new KernelHarness(
            build: b => b.Services.AddSingleton(store),
            capabilities: [RecordingConnector.Capability("notes.read", RiskTier.Read)]);

        // Act
        int executed = await Dispatcher(without).DispatchAsync(Ct);

        // Assert
        Assert.Equal(0, executed);
        Assert.Null((await store.GetAsync(pending.ApprovalId!, Ct))!.Outcome);
        Assert.Equal(1, await Dispatcher(withConnector).DispatchAsync(Ct));
    }

    [Fact]
    public async Task HostedService_RunsAPassAtStartAndThenEveryInterval()
    {
        // Arrange
        await using var harness = new KernelHarness(o => o.ApprovalDispatch.Interval = TimeSpan.FromMinutes(1));
        ProposalResult first = await harness.Kernel.ProposeAsync(harness.Proposal("mail.send"), Ct);
        await Decider(harness).ApproveAsync(first.ApprovalId!, "operator", cancellationToken: Ct);
        IHostedService hosted = Assert.Single(harness.Services.GetServices<IHostedService>().OfType<ApprovalDispatcher>());
        ApprovalDispatcher dispatcher = Dispatcher(harness);
        Assert.Same(dispatcher, hosted);

        // Act: start; the first pass runs at once.
        await hosted.StartAsync(Ct);
        await WaitUntilAsync(() => dispatcher.PassesCompleted >= 1);
        Assert.Single(harness.Connector.Effects);

        ProposalResult second = await harness.Kernel.ProposeAsync(harness.Proposal("mail.send"), Ct);
        await Decider(harness).ApproveAsync(second.ApprovalId!, "operator", cancellationToken: Ct);
        harness.Clock.Advance(TimeSpan.FromMinutes(1));
        await WaitUntilAsync(() => dispatcher.PassesCompleted >= 2);
        await hosted.StopAsync(Ct);

        // Assert
        Assert.Equal(2, harness.Connector.Effects.Count);
        Assert.Null(dispatcher.LastError);
    }

    [Fact]
    public async Task HostedService_Disabled_RunsNoPass()
    {
        await using var harness = new KernelHarness(o => o.ApprovalDispatch.Enabled = false);
        ProposalResult pending = await harness.Kernel.ProposeAsync(harness.Proposal("mail.send"), Ct);
        await Decider(harness).ApproveAsync(pending.ApprovalId!, "operator", cancellationToken: Ct);
        ApprovalDispatcher dispatcher = Dispatcher(harness);

        await dispatcher.StartAsync(Ct);
        await (dispatcher.ExecuteTask ?? Task.CompletedTask).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await dispatcher.StopAsync(Ct);

        Assert.Equal(0, dispatcher.PassesCompleted);
        Assert.Empty(harness.Connector.Effects);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task Options_IntervalNotPositive_FailsValidationNamingTheField(int seconds)
    {
        await using var harness = new KernelHarness(o => o.ApprovalDispatch.Interval = TimeSpan.FromSeconds(seconds));

        var error = Assert.Throws<OptionsValidationException>(() => harness.Services.GetRequiredService<IOptions<OperatorOsOptions>>().Value);

        Assert.Contains("ApprovalDispatch.Interval", error.Message, StringComparison.Ordinal);
    }

    private static IApprovalDecider Decider(KernelHarness harness) => harness.Services.GetRequiredService<IApprovalDecider>();

    private static ApprovalDispatcher Dispatcher(KernelHarness harness) => harness.Services.GetRequiredService<ApprovalDispatcher>();

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
