using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OperatorOs.Connectors.Calendar.Tests;

public sealed class CalendarConnectorOperatorOsBuilderExtensionsTests
{
    [Fact]
    public void AddCalendarConnector_ValidOptions_RegistersSingletonConnectorAndReturnsBuilder()
    {
        using var temp = new TempDirectory();
        var builder = new TestOperatorOsBuilder(new ServiceCollection());

        IOperatorOsBuilder returned = builder.AddCalendarConnector(o =>
        {
            o.CalendarUrl = new Uri("https://dav.example.com/alice/calendar/");
            o.LedgerPath = temp.Combine("calendar.db");
        });

        Assert.Same(builder, returned);
        ServiceDescriptor descriptor = Assert.Single(builder.Services);
        Assert.Equal(typeof(Connector), descriptor.ServiceType);
        Assert.Equal(ServiceLifetime.Singleton, descriptor.Lifetime);
    }

    [Fact]
    public async Task AddCalendarConnector_Resolved_UsesTheOptionsTimeProviderAndLoggerFactory()
    {
        using var temp = new TempDirectory();
        var services = new ServiceCollection();
        var time = new FixedClock(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var logger = new RecordingLogger();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton<ILoggerFactory>(new SingleLoggerFactory(logger));
        await using var scripted = new ScriptedDavServer(_ => new ScriptedDavServer.Reply(207, "<multistatus xmlns=\"DAV:\"/>", "application/xml"));
        new TestOperatorOsBuilder(services).AddCalendarConnector(o =>
        {
            o.CalendarUrl = new Uri(scripted.BaseUri, "alice/calendar");
            o.LedgerPath = temp.Combine("calendar.db");
        });

        await using (ServiceProvider provider = services.BuildServiceProvider())
        {
            var connector = Assert.IsType<CalendarConnector>(provider.GetRequiredService<Connector>());
            OperationResult result = await connector.ExecuteAsync(MalformedServerTests.List(), TestContext.Current.CancellationToken);

            Assert.Equal(time.GetUtcNow(), result.CompletedAt);
            Assert.Equal("/alice/calendar/", connector.CalendarUrl.AbsolutePath);
            Assert.Equal(temp.Combine("calendar.db"), connector.LedgerPath);
            Assert.Contains(logger.Messages, m => m.Contains("REPORT /alice/calendar/ -> 207", StringComparison.Ordinal));
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task AddCalendarConnector_ReadOnly_HidesEveryWriteAndNeedsNoLedger()
    {
        var services = new ServiceCollection();
        new TestOperatorOsBuilder(services).AddCalendarConnector(o =>
        {
            o.CalendarUrl = new Uri("http://127.0.0.1:9/cal/");
            o.ReadOnly = true;
        });
        await using ServiceProvider provider = services.BuildServiceProvider();
        Connector connector = provider.GetRequiredService<Connector>();
        var create = new OperationRequest(CalendarConnector.CreateCapability, TestJson.Parse("""{ "summary": "S", "start": "2026-05-04T10:00:00Z", "end": "2026-05-04T11:00:00Z" }"""), new OperationToken("ro:1"));

        UnknownCapabilityException ex = await Assert.ThrowsAsync<UnknownCapabilityException>(() => connector.ExecuteAsync(create, TestContext.Current.CancellationToken));

        Assert.Equal([CalendarConnector.ListCapability, CalendarConnector.FreeBusyCapability], connector.Capabilities.Select(c => c.Name));
        Assert.All(connector.Capabilities, c => Assert.Equal(RiskTier.Read, c.RiskTier));
        Assert.Equal(CalendarConnector.CreateCapability, ex.Capability);
        Assert.Null(((CalendarConnector)connector).LedgerPath);
    }

    [Fact]
    public void AddCalendarConnector_InvalidOptions_ThrowsOptionsValidationExceptionWithoutThePassword()
    {
        var builder = new TestOperatorOsBuilder(new ServiceCollection());

        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() => builder.AddCalendarConnector(o =>
        {
            o.CalendarUrl = new Uri("ftp://dav.example.com/cal/");
            o.Username = "alice";
            o.Password = "very-secret";
            o.Timeout = TimeSpan.Zero;
        }));

        Assert.Contains(ex.Failures, f => f.Contains("CalendarUrl", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("LedgerPath", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("Timeout", StringComparison.Ordinal));
        Assert.DoesNotContain(ex.Failures, f => f.Contains("very-secret", StringComparison.Ordinal));
        Assert.Empty(builder.Services);
    }

    [Fact]
    public void AddCalendarConnector_NullArguments_Throw()
    {
        var builder = new TestOperatorOsBuilder(new ServiceCollection());

        Assert.Throws<ArgumentNullException>(() => builder.AddCalendarConnector(null!));
        Assert.Throws<ArgumentNullException>(() => ((IOperatorOsBuilder)null!).AddCalendarConnector(_ => { }));
    }

    private sealed record TestOperatorOsBuilder(IServiceCollection Services) : IOperatorOsBuilder;

    private sealed class SingleLoggerFactory(ILogger logger) : ILoggerFactory
    {
        public void AddProvider(ILoggerProvider provider)
        {
        }

        public ILogger CreateLogger(string categoryName) => logger;

        public void Dispose()
        {
        }
    }
}
