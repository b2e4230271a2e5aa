using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OperatorOs.Kernel.Tests.Execution;

/// <summary>The executor's per-connector circuit breaker and its handling of a failure's Retry-After.</summary>
public class ConnectorResilienceTests
{
    private static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromMinutes(7);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ProposeAsync_TransientFailuresReachTheThreshold_OpensTheCircuitAndNoCallReachesTheConnector()
    {
        await using var harness = new KernelHarness(Breaker);
        var faults = new Faults(harness.Connector, failing: true);

        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(ProposalStatus.Failed, (await harness.Kernel.ProposeAsync(harness.Proposal("notes.read"), Ct)).Status);
        }

        int callsBeforeOpen = harness.Connector.ExecuteCalls;
        int statusBeforeOpen = faults.StatusCalls;
        faults.Failing = false;
        ProposalResult refused = await harness.Kernel.ProposeAsync(harness.Proposal("notes.read"), Ct);
        ProposalResult otherCapability = await harness.Kernel.ProposeAsync(harness.Proposal("notes.write"), Ct);

        Assert.Equal(3, callsBeforeOpen);
        Assert.Equal(ProposalStatus.Failed, refused.Status);
        Assert.Contains("Connector 'test'", refused.Error, StringComparison.Ordinal);
        Assert.Contains("circuit is open", refused.Error, StringComparison.Ordinal);
        Assert.Equal(ProposalStatus.Failed, otherCapability.Status);
        Assert.Contains("circuit is open", otherCapability.Error, StringComparison.Ordinal);
        Assert.Equal(callsBeforeOpen, harness.Connector.ExecuteCalls);
        Assert.Equal(statusBeforeOpen, faults.StatusCalls);
        Assert.Contains(await harness.EventsAsync(), e => e.Type == JournalEventTypes.ActionFailed && e.Payload.ToString().Contains("circuit is open", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ProposeAsync_AfterTheBreakDuration_LetsOneTrialThroughAndClosesOnItsSuccess()
    {
        await using var harness = new KernelHarness(Breaker);
        var faults = new Faults(harness.Connector, failing: true);
        await OpenTheCircuitAsync(harness);
        faults.Failing = false;

        harness.Clock.Advance(BreakDuration - TimeSpan.FromSeconds(1));
        ProposalResult stillOpen = await harness.Kernel.ProposeAsync(harness.Proposal("notes.read"), Ct);
        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        ProposalResult trial = await harness.Kernel.ProposeAsync(harness.Proposal("notes.read"), Ct);
        faults.Failing = true;
        ProposalResult failsAgain = await harness.Kernel.ProposeAsync(harness.Proposal("notes.read"), Ct);
        faults.Failing = false;
        ProposalResult afterOneFailure = await harness.Kernel.ProposeAsync(harness.Proposal("notes.write"), Ct);

        Assert.Contains("circuit is open", stillOpen.Error, StringComparison.Ordinal);
        Assert.Equal(ProposalStatus.Executed, trial.Status);
        // Closed again: one new failure is below the minimum throughput, so the next call reaches the connector.
        Assert.Equal(ProposalStatus.Failed, failsAgain.Status);
        Assert.DoesNotContain("circuit is open", failsAgain.Error, StringComparison.Ordinal);
        Assert.Equal(ProposalStatus.Executed, afterOneFailure.Status);
        Assert.Equal(6, harness.Connector.ExecuteCalls);
        Assert.Equal(2, harness.Connector.Effects.Count);
    }

    [Fact]
    public async Task OpenCircuit_ShowsTheSystemDegradedNamingTheConnector_UntilATrialSucceeds()
    {
        await using var harness = new KernelHarness(Breaker);
        var faults = new Faults(harness.Connector, failing: true);
        IOperatorStatus status = harness.Services.GetRequiredService<IOperatorStatus>();
        Assert.NotEqual(OperatorMode.Degraded, status.GetStatus().Mode);

        await OpenTheCircuitAsync(harness);
        OperatorStatus open = status.GetStatus();
        harness.Clock.Advance(BreakDuration);
        faults.Failing = false;
        Assert.Equal(ProposalStatus.Executed, (await harness.Kernel.ProposeAsync(harness.Proposal("notes.read"), Ct)).Status);
        OperatorStatus closed = status.GetStatus();

        Assert.Equal(OperatorMode.Degraded, open.Mode);
        Assert.Contains("Connector 'test'", open.Reason, StringComparison.Ordinal);
        Assert.NotEqual(OperatorMode.Degraded, closed.Mode);
        Assert.Equal(BreakDuration, closed.DegradedTime);
        List<JournalEvent> changes = [.. (await harness.EventsAsync()).Where(e => e.Stream == KernelJournal.OperatorStatusStream)];
        Assert.Equal([JournalEventTypes.OperatorDegraded, JournalEventTypes.OperatorRecovered], changes.Select(e => e.Type));
        Assert.Contains("Connector 'test' answers again", changes[1].Payload.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelAndConnectorCauses_TheSystemRecoversOnlyWhenNoneIsLeft()
    {
        await using var harness = new KernelHarness(Breaker);
        OperatorStatusTracker status = harness.Services.GetRequiredService<OperatorStatusTracker>();

        Assert.True(status.ReportDegraded("Model tier 'small' is down."));
        Assert.True(status.ReportConnectorOpen("billing", "Connector 'billing': open."));
        Assert.False(status.ReportConnectorOpen("billing", "Connector 'billing': open."));
        Assert.True(status.ReportRecovered());
        (string stillType, string stillReason) = status.AfterRecovery("Model tier 'small' answers again.");
        Assert.True(status.ReportConnectorClosed("billing"));
        (string doneType, _) = status.AfterRecovery("Connector 'billing' answers again.");

        Assert.Equal((JournalEventTypes.OperatorDegraded, "Connector 'billing': open."), (stillType, stillReason));
        Assert.Equal(JournalEventTypes.OperatorRecovered, doneType);
        Assert.NotEqual(OperatorMode.Degraded, status.GetStatus().Mode);
    }

    [Fact]
    public async Task ProposeAsync_TrialFails_OpensTheCircuitForAnotherBreak()
    {
        await using var harness = new KernelHarness(Breaker);
        var faults = new Faults(harness.Connector, failing: true);
        await OpenTheCircuitAsync(harness);

        harness.Clock.Advance(BreakDuration);
        ProposalResult trial = await harness.Kernel.ProposeAsync(harness.Proposal("notes.read"), Ct);
        faults.Failing = false;
        ProposalResult reopened = await harness.Kernel.ProposeAsync(harness.Proposal("notes.read"), Ct);
        harness.Clock.Advance(BreakDuration);
        ProposalResult recovered = await harness.Kernel.ProposeAsync(harness.Proposal("notes.read"), Ct);

        Assert.Equal(ProposalStatus.Failed, trial.Status);
        Assert.DoesNotContain("circuit is open", trial.Error, StringComparison.Ordinal);
        Assert.Contains("circuit is open", reopened.Error, StringComparison.Ordinal);
        Assert.Equal(ProposalStatus.Executed, recovered.Status);
        Assert.Equal(5, harness.Connector.ExecuteCalls);
    }

    [Fact]
    public async Task ProposeAsync_OneConnectorsCircuitOpen_AnotherConnectorStillRuns()
    {
        var calendar = new RecordingConnector("calendar", [RecordingConnector.Capability("calendar.read", RiskTier.Read)]);
        await using var harness = new KernelHarness(Breaker, b => b.AddConnector(calendar));
        var faults = new Faults(harness.Connector, failing: true);
        await OpenTheCircuitAsync(harness);

        ProposalResult other = await harness.Kernel.ProposeAsync(harness.Proposal("calendar.read"), Ct);
        ProposalResult blocked = await harness.Kernel.ProposeAsync(harness.Proposal("notes.read"), Ct);

        Assert.Equal(ProposalStatus.Executed, other.Status);
        Assert.Single(calendar.Effects);
        Assert.Contains("Connector 'test'", blocked.Error, StringComparison.Ordinal);
        Assert.Contains("circuit is open", blocked.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProposeAsync_NonTransientFailures_DoNotOpenTheCircuit()
    {
        await using var harness = new KernelHarness(Breaker);
        int calls = 0;
        harness.Connector.ExecuteAsyncCallback = (request, _) => (Interlocked.Increment(ref calls) % 2) switch
        {
            1 => throw new ConnectorException("test", "the recipient refused it", isTransient: false),
            _ => throw new ConnectorArgumentException(request.Capability, "$.to", "not an address"),
        };

        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(ProposalStatus.Failed, (await harness.Kernel.ProposeAsync(harness.Proposal("notes.read"), Ct)).Status);
        }

        harness.Connector.ExecuteAsyncCallback = null;
        ProposalResult result = await harness.Kernel.ProposeAsync(harness.Proposal("notes.read"), Ct);

        Assert.Equal(ProposalStatus.Executed, result.Status);
        Assert.Equal(11, harness.Connector.ExecuteCalls);
    }

    [Fact]
    public async Task ProposeAsync_FailureCarriesRetryAfter_RetriesAfterTheServersDelayNotTheBackoff()
    {
        var clock = new TimerWatchingClock(KernelHarness.Start);
        await using var harness = new KernelHarness(
            o =>
            {
                o.MaxExecutionAttempts = 2;
                o.ExecutionRetryDelay = TimeSpan.FromHours(1);
                o.ExecutionTimeout = AttemptTimeout;
            },
            clock: clock);
        var attemptedAt = new List<DateTimeOffset>();
        harness.Connector.ExecuteAsyncCallback = (request, _) =>
        {
            lock (attemptedAt)
            {
                attemptedAt.Add(clock.GetUtcNow());
                return attemptedAt.Count == 1
                    ? throw new ConnectorException("test", "429 too many requests", isTransient: true) { RetryAfter = TimeSpan.FromSeconds(5) }
                    : Task.FromResult(request.Arguments);
            }
        };

        Task<ProposalResult> proposing = harness.Kernel.ProposeAsync(harness.Proposal("notes.read"), Ct);
        TimeSpan wait = await clock.NextTimerAsync(ignored: AttemptTimeout, Ct);
        bool doneBeforeTheWait = proposing.IsCompleted;
        clock.Advance(wait);
        ProposalResult result = await proposing;

        Assert.Equal(TimeSpan.FromSeconds(5), wait);
        Assert.False(doneBeforeTheWait);
        Assert.Equal(ProposalStatus.Executed, result.Status);
        Assert.Equal([KernelHarness.Start, KernelHarness.Start.AddSeconds(5)], attemptedAt);
    }

    [Fact]
    public async Task ProposeAsync_RetryAfterLongerThanTheCap_FailsTransientAtOnceWithoutRetrying()
    {
        await using var harness = new KernelHarness(o =>
        {
            o.MaxExecutionAttempts = 3;
            o.MaxExecutionRetryAfter = TimeSpan.FromSeconds(10);
        });
        harness.Connector.ExecuteAsyncCallback = (_, _) =>
            throw new ConnectorException("test", "503 come back later", isTransient: true) { RetryAfter = TimeSpan.FromSeconds(11) };

        // Nothing advances the fake clock, so a retry waiting 11 s would never finish: the real-time limit only turns that into a failure.
        ProposalResult result = await harness.Kernel.ProposeAsync(harness.Proposal("notes.read"), Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.Equal(ProposalStatus.Failed, result.Status);
        Assert.Contains("come back later", result.Error, StringComparison.Ordinal);
        Assert.Equal(1, harness.Connector.ExecuteCalls);
    }

    [Fact]
    public async Task ProposeAsync_RetryAfterWithinTheCap_IsWaitedEvenBeyondTheBackoff()
    {
        var clock = new TimerWatchingClock(KernelHarness.Start);
        await using var harness = new KernelHarness(
            o =>
            {
                o.MaxExecutionAttempts = 2;
                o.ExecutionRetryDelay = TimeSpan.Zero;
                o.MaxExecutionRetryAfter = TimeSpan.FromSeconds(10);
                o.ExecutionTimeout = AttemptTimeout;
            },
            clock: clock);
        int calls = 0;
        harness.Connector.ExecuteAsyncCallback = (request, _) => Interlocked.Increment(ref calls) == 1
            ? throw new ConnectorException("test", "503", isTransient: true) { RetryAfter = TimeSpan.FromSeconds(10) }
            : Task.FromResult(request.Arguments);

        Task<ProposalResult> proposing = harness.Kernel.ProposeAsync(harness.Proposal("notes.read"), Ct);
        TimeSpan wait = await clock.NextTimerAsync(ignored: AttemptTimeout, Ct);
        clock.Advance(wait);

        Assert.Equal(TimeSpan.FromSeconds(10), wait);
        Assert.Equal(ProposalStatus.Executed, (await proposing).Status);
    }

    [Fact]
    public void AddOperatorOs_InvalidResilienceOptions_FailsNamingEachOption()
    {
        var services = new ServiceCollection();
        services.AddOperatorOs(o =>
        {
            o.ExecutionBreakerFailureRatio = 0;
            o.ExecutionBreakerMinimumThroughput = 1;
            o.ExecutionBreakerSamplingDuration = TimeSpan.FromMilliseconds(100);
            o.ExecutionBreakDuration = TimeSpan.FromDays(2);
            o.MaxExecutionRetryAfter = TimeSpan.FromSeconds(-1);
            o.ExecutionTimeout = TimeSpan.FromMilliseconds(1);
        });
        using ServiceProvider provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<OperatorOsOptions>>().Value);

        string[] named =
        [
            nameof(OperatorOsOptions.ExecutionBreakerFailureRatio),
            nameof(OperatorOsOptions.ExecutionBreakerMinimumThroughput),
            nameof(OperatorOsOptions.ExecutionBreakerSamplingDuration),
            nameof(OperatorOsOptions.ExecutionBreakDuration),
            nameof(OperatorOsOptions.MaxExecutionRetryAfter),
            nameof(OperatorOsOptions.ExecutionTimeout),
        ];
        Assert.All(named, option => Assert.Contains(error.Failures, f => f.StartsWith(option + ":", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ReloadedSettings_ApplyOnceEveryCircuitIsClosed()
    {
        int attempts = 1;
        var reload = new OptionsReload();
        await using KernelHarness harness = ReloadableBreaker(() => attempts, reload);
        var faults = new Faults(harness.Connector, failing: true);
        await OpenTheCircuitAsync(harness);

        attempts = 3;
        reload.Fire();
        ProposalResult whileOpen = await harness.Kernel.ProposeAsync(harness.Proposal("notes.read"), Ct);
        harness.Clock.Advance(BreakDuration);
        faults.Failing = false;
        ProposalResult trial = await harness.Kernel.ProposeAsync(harness.Proposal("notes.read"), Ct);
        OperatorMode afterTheTrial = harness.Services.GetRequiredService<IOperatorStatus>().GetStatus().Mode;
        faults.Failing = true;
        int callsBefore = harness.Connector.ExecuteCalls;
        ProposalResult retried = await harness.Kernel.ProposeAsync(harness.Proposal("notes.read"), Ct);

        // The open circuit was kept (the operator's status heard it close), then the next call ran with three attempts (and, the new
        // breaker's minimum throughput reached, opened it again).
        Assert.Contains("circuit is open", whileOpen.Error, StringComparison.Ordinal);
        Assert.Equal(ProposalStatus.Executed, trial.Status);
        Assert.NotEqual(OperatorMode.Degraded, afterTheTrial);
        Assert.Equal(ProposalStatus.Failed, retried.Status);
        Assert.Equal(3, harness.Connector.ExecuteCalls - callsBefore);
    }

    [Fact]
    public async Task ReloadWhileACallRuns_ACircuitItOpensInTheReplacedPipelines_IsNotReported()
    {
        int attempts = 3;
        var reload = new OptionsReload();
        await using KernelHarness harness = ReloadableBreaker(() => attempts, reload);
        var release = new TaskCompletionSource();
        harness.Connector.ExecuteAsyncCallback = async (request, _) =>
        {
            if (request.Capability == "notes.read")
            {
                await release.Task;
                throw new ConnectorException(harness.Connector.Name, "the service is unavailable", isTransient: true);
            }

            return request.Arguments;
        };
        Task<ProposalResult> running = harness.Kernel.ProposeAsync(harness.Proposal("notes.read"), Ct);

        attempts = 2;
        reload.Fire();
        ProposalResult onTheNewPipelines = await harness.Kernel.ProposeAsync(harness.Proposal("notes.write"), Ct);
        release.SetResult();
        ProposalResult failed = await running;

        // Its three failed attempts opened the replaced breaker; nothing runs through it any more, so the connector is not degraded.
        Assert.Equal(ProposalStatus.Executed, onTheNewPipelines.Status);
        Assert.Equal(ProposalStatus.Failed, failed.Status);
        Assert.NotEqual(OperatorMode.Degraded, harness.Services.GetRequiredService<IOperatorStatus>().GetStatus().Mode);
        Assert.Equal(ProposalStatus.Executed, (await harness.Kernel.ProposeAsync(harness.Proposal("notes.write"), Ct)).Status);
        Assert.DoesNotContain(await harness.EventsAsync(), e => e.Type == JournalEventTypes.OperatorDegraded);
    }

    /// <summary>A host on <see cref="Breaker"/> settings whose execution attempts are read again each time <paramref name="reload"/> fires.</summary>
    private static KernelHarness ReloadableBreaker(Func<int> attempts, OptionsReload reload) => new(
        o =>
        {
            Breaker(o);
            o.MaxExecutionAttempts = attempts();
        },
        services: s => s.AddSingleton<IOptionsChangeTokenSource<OperatorOsOptions>>(reload));

    /// <summary>One attempt per execution, and a circuit that opens once three attempts in the window failed at least half the time.</summary>
    private static void Breaker(OperatorOsOptions o)
    {
        o.MaxExecutionAttempts = 1;
        o.ExecutionBreakerMinimumThroughput = 3;
        o.ExecutionBreakerFailureRatio = 0.5;
        o.ExecutionBreakerSamplingDuration = TimeSpan.FromMinutes(1);
        o.ExecutionBreakDuration = BreakDuration;
        o.TierDefaults[RiskTier.Internal] = PolicyVerdict.Execute;
    }

    private static async Task OpenTheCircuitAsync(KernelHarness harness)
    {
        for (int i = 0; i < 3; i++)
        {
            _ = await harness.Kernel.ProposeAsync(harness.Proposal("notes.read"), Ct);
        }

        Assert.Contains("circuit is open", (await harness.Kernel.ProposeAsync(harness.Proposal("notes.read"), Ct)).Error, StringComparison.Ordinal);
        Assert.Equal(3, harness.Connector.ExecuteCalls);
    }

    /// <summary>Makes a connector fail transiently while <see cref="Failing"/> is on, and counts its status queries, which reach it too.</summary>
    private sealed class Faults
    {
        private volatile bool _failing;
        private int _statusCalls;

        public Faults(RecordingConnector connector, bool failing)
        {
            _failing = failing;
            connector.ExecuteAsyncCallback = (request, _) => _failing
                ? throw new ConnectorException(connector.Name, "the service is unavailable", isTransient: true)
                : Task.FromResult(request.Arguments);
            connector.GetStatusCallback = token =>
            {
                _ = Interlocked.Increment(ref _statusCalls);
                return null;
            };
        }

        public bool Failing
        {
            get => _failing;
            set => _failing = value;
        }

        public int StatusCalls => Volatile.Read(ref _statusCalls);
    }
}
