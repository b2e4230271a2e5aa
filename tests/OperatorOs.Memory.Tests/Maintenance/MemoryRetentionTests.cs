using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace OperatorOs.Memory.Tests.Maintenance;

public class MemoryRetentionTests
{
    private static readonly DateTimeOffset Start = new(2026, 9, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly Provenance Operator = new(ActorKind.Operator, "operator");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ApplyAsync_Defaults_KeepFactsForeverAndExpireSignalsContextAndIntentPayloads()
    {
        // Arrange
        var clock = new FakeTimeProvider(Start);
        var memory = new InMemoryMemoryStore(clock);
        var journal = new InMemoryJournal(clock);
        await memory.WriteAsync(new MemoryWrite("student/1", "enrollment", MemoryKind.Fact, TestJson.Parse("\"active\""), Operator), Ct);
        await memory.WriteAsync(new MemoryWrite("inbox", "email/1", MemoryKind.Signal, TestJson.Parse("\"hi\""), Operator), Ct);
        await memory.WriteAsync(new MemoryWrite("course", "faq", MemoryKind.Context, TestJson.Parse("1"), Operator), Ct);
        await journal.AppendAsync(new JournalEntry("s", JournalEventTypes.IntentReceived, TestJson.Parse("""{"body":"raw email"}""")), Ct);
        await journal.AppendAsync(new JournalEntry("s", JournalEventTypes.PolicyDecided, TestJson.Parse("{}")), Ct);
        clock.Advance(TimeSpan.FromDays(35));
        await memory.WriteAsync(new MemoryWrite("course", "faq", MemoryKind.Context, TestJson.Parse("2"), Operator), Ct);
        MemoryRetention retention = Create(memory, journal, clock);

        // Act
        RetentionReport report = await retention.ApplyAsync(Ct);

        // Assert
        Assert.Equal(new RetentionReport(clock.GetUtcNow(), 0, 1, 1, 1), report);
        Assert.NotNull(await memory.GetAsync("student/1", "enrollment", Ct));
        Assert.Null(await memory.GetAsync("inbox", "email/1", Ct));
        Assert.Equal([2], (await memory.GetHistoryAsync("course", "faq", Ct)).Select(r => r.Version));
        Assert.True((await journal.VerifyAsync(Ct)).IsIntact);

        clock.Advance(TimeSpan.FromDays(91));
        RetentionReport later = await retention.ApplyAsync(Ct);
        Assert.Equal(1, later.ContextVersionsPruned);
        Assert.Empty(await memory.GetHistoryAsync("course", "faq", Ct));
        Assert.NotNull(await memory.GetAsync("student/1", "enrollment", Ct));
    }

    [Fact]
    public async Task ApplyAsync_FactRetentionConfigured_PrunesFacts()
    {
        var clock = new FakeTimeProvider(Start);
        var memory = new InMemoryMemoryStore(clock);
        await memory.WriteAsync(new MemoryWrite("student/1", "enrollment", MemoryKind.Fact, TestJson.Parse("1"), Operator), Ct);
        clock.Advance(TimeSpan.FromDays(400));
        MemoryRetention retention = Create(memory, new InMemoryJournal(clock), clock, o => o.Facts = TimeSpan.FromDays(365));

        RetentionReport report = await retention.ApplyAsync(Ct);

        Assert.Equal(1, report.FactsPruned);
    }

    [Fact]
    public async Task AddMemoryRetention_RunsAtStartupAsAHostedService()
    {
        var clock = new FakeTimeProvider(Start);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddOperatorOsStorageForTest().AddMemoryRetention(o => o.Interval = TimeSpan.FromMinutes(5));
        await using ServiceProvider provider = services.BuildServiceProvider();
        await provider.GetRequiredService<MemoryStore>().WriteAsync(new MemoryWrite("inbox", "email/1", MemoryKind.Signal, TestJson.Parse("1"), Operator), Ct);
        clock.Advance(TimeSpan.FromDays(15));

        IHostedService service = Assert.Single(provider.GetServices<IHostedService>());
        await service.StartAsync(Ct);
        var maintenance = provider.GetRequiredService<MemoryMaintenanceService>();
        for (int i = 0; i < 1000 && maintenance.LastReport is null; i++)
        {
            await Task.Delay(10, Ct);
        }

        await service.StopAsync(Ct);
        Assert.Equal(1, maintenance.LastReport?.SignalsPruned);
        Assert.Null(maintenance.LastError);
    }

    [Fact]
    public async Task MaintenanceService_StoppedDuringAPass_EndsQuietly()
    {
        var clock = new FakeTimeProvider(Start);
        var memory = new BlockingMemoryStore(new InMemoryMemoryStore(clock));
        var retention = Create(memory, new InMemoryJournal(clock), clock);
        var options = new StaticOptionsMonitor(new MemoryRetentionOptions());
        using var service = new MemoryMaintenanceService(retention, clock, options);

        await service.StartAsync(Ct);
        await memory.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await service.StopAsync(Ct);

        Assert.NotNull(service.ExecuteTask);
        Assert.True(service.ExecuteTask.IsCompletedSuccessfully);
        Assert.Null(service.LastError);
    }

    [Fact]
    public void AddMemoryRetention_NonPositivePeriod_FailsValidation()
    {
        var services = new ServiceCollection();
        services.AddOperatorOsStorageForTest().AddMemoryRetention(o => o.Signals = TimeSpan.Zero);
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<MemoryRetentionOptions>>().Value);
    }

    private static MemoryRetention Create(MemoryStore memory, global::OperatorOs.Journal journal, TimeProvider clock, Action<MemoryRetentionOptions>? configure = null)
    {
        var options = new MemoryRetentionOptions();
        configure?.Invoke(options);
        return new MemoryRetention(memory, journal, clock, new StaticOptionsMonitor(options));
    }

    private sealed class BlockingMemoryStore(MemoryStore inner) : MemoryStore
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async Task<int> PruneAsync(MemoryPrune prune, CancellationToken cancellationToken = default)
        {
            Entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public override Task<MemoryRecord> WriteAsync(MemoryWrite write, CancellationToken cancellationToken = default) => inner.WriteAsync(write, cancellationToken);

        public override Task<MemoryRecord?> GetAsync(string entity, string attribute, CancellationToken cancellationToken = default) => inner.GetAsync(entity, attribute, cancellationToken);

        public override Task<IReadOnlyList<MemoryRecord>> GetEntityAsync(string entity, CancellationToken cancellationToken = default) => inner.GetEntityAsync(entity, cancellationToken);

        public override Task<IReadOnlyList<MemoryRecord>> GetHistoryAsync(string entity, string attribute, CancellationToken cancellationToken = default) => inner.GetHistoryAsync(entity, attribute, cancellationToken);

        public override Task<IReadOnlyList<MemoryRecord>> QueryAsync(MemoryQuery query, CancellationToken cancellationToken = default) => inner.QueryAsync(query, cancellationToken);
    }

    private sealed class StaticOptionsMonitor(MemoryRetentionOptions value) : IOptionsMonitor<MemoryRetentionOptions>
    {
        public MemoryRetentionOptions CurrentValue => value;

        public MemoryRetentionOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<MemoryRetentionOptions, string?> listener) => null;
    }
}
