using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace OperatorOs.Memory.Tests.DependencyInjection;

public class DependencyInjectionPatternsTests
{
    [Fact]
    public void UseInMemoryStorage_RegistersTheThreeStoresAsSingletons()
    {
        // Arrange
        var services = new ServiceCollection();

        // Act
        IOperatorOsBuilder returned = new TestBuilder(services).UseInMemoryStorage();

        // Assert
        Assert.Same(services, returned.Services);
        AssertSingleSingleton<global::OperatorOs.Journal>(services);
        AssertSingleSingleton<MemoryStore>(services);
        AssertSingleSingleton<ApprovalStore>(services);
        AssertSingleSingleton<TimeProvider>(services);
    }

    [Fact]
    public void UseInMemoryStorage_Resolve_GivesTheInMemoryStoresOncePerProvider()
    {
        var services = new ServiceCollection();
        new TestBuilder(services).UseInMemoryStorage();
        using ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        using IServiceScope a = provider.CreateScope();
        using IServiceScope b = provider.CreateScope();

        Assert.IsType<InMemoryJournal>(provider.GetRequiredService<global::OperatorOs.Journal>());
        Assert.IsType<InMemoryMemoryStore>(provider.GetRequiredService<MemoryStore>());
        Assert.IsType<InMemoryApprovalStore>(provider.GetRequiredService<ApprovalStore>());
        Assert.Same(a.ServiceProvider.GetRequiredService<global::OperatorOs.Journal>(), b.ServiceProvider.GetRequiredService<global::OperatorOs.Journal>());
        Assert.Same(a.ServiceProvider.GetRequiredService<MemoryStore>(), b.ServiceProvider.GetRequiredService<MemoryStore>());
        Assert.Same(a.ServiceProvider.GetRequiredService<ApprovalStore>(), b.ServiceProvider.GetRequiredService<ApprovalStore>());
        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public async Task UseInMemoryStorage_TimeProviderRegisteredFirst_StoresUseIt()
    {
        // Arrange
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 9, 1, 9, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        new TestBuilder(services).UseInMemoryStorage();
        await using ServiceProvider provider = services.BuildServiceProvider();

        // Act
        JournalEvent e = await provider.GetRequiredService<global::OperatorOs.Journal>()
            .AppendAsync(new JournalEntry("s", "t", default), TestContext.Current.CancellationToken);
        MemoryRecord record = await provider.GetRequiredService<MemoryStore>()
            .WriteAsync(new MemoryWrite("e", "a", MemoryKind.Fact, default, new Provenance(ActorKind.System, "kernel")), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(clock.GetUtcNow(), e.Timestamp);
        Assert.Equal(clock.GetUtcNow(), record.RecordedAt);
        Assert.Same(clock, provider.GetRequiredService<TimeProvider>());
        Assert.Single(services, d => d.ServiceType == typeof(TimeProvider));
    }

    [Fact]
    public void UseInMemoryStorage_OtherStorageRegisteredBefore_ReplacesIt()
    {
        var services = new ServiceCollection();
        services.AddSingleton<global::OperatorOs.Journal, OtherJournal>();
        services.AddScoped<ApprovalStore>(_ => new InMemoryApprovalStore());
        services.AddSingleton<ApprovalStore>(new InMemoryApprovalStore());

        new TestBuilder(services).UseInMemoryStorage();

        AssertSingleSingleton<global::OperatorOs.Journal>(services);
        AssertSingleSingleton<ApprovalStore>(services);
        using ServiceProvider provider = services.BuildServiceProvider();
        Assert.IsType<InMemoryJournal>(provider.GetRequiredService<global::OperatorOs.Journal>());
    }

    [Fact]
    public void UseInMemoryStorage_Twice_RegistersEachStoreOnce()
    {
        var services = new ServiceCollection();
        var builder = new TestBuilder(services);

        builder.UseInMemoryStorage().UseInMemoryStorage();

        AssertSingleSingleton<global::OperatorOs.Journal>(services);
        AssertSingleSingleton<MemoryStore>(services);
        AssertSingleSingleton<ApprovalStore>(services);
        AssertSingleSingleton<TimeProvider>(services);
    }

    [Fact]
    public void UseInMemoryStorage_NullBuilder_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => InMemoryStorageOperatorOsBuilderExtensions.UseInMemoryStorage(null!));
    }

    private static void AssertSingleSingleton<T>(IServiceCollection services)
    {
        ServiceDescriptor descriptor = Assert.Single(services, d => d.ServiceType == typeof(T));
        Assert.Equal(ServiceLifetime.Singleton, descriptor.Lifetime);
        Assert.False(descriptor.IsKeyedService);
    }

    private sealed class TestBuilder(IServiceCollection services) : IOperatorOsBuilder
    {
        public IServiceCollection Services { get; } = services;
    }

    private sealed class OtherJournal : global::OperatorOs.Journal
    {
        public override Task<JournalEvent> AppendAsync(JournalEntry entry, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public override IAsyncEnumerable<JournalEvent> ReadAsync(long fromSequence = 1, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public override IAsyncEnumerable<JournalEvent> ReadStreamAsync(string stream, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public override Task<int> DropPayloadsAsync(IReadOnlyCollection<string> types, DateTimeOffset appendedBefore, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
