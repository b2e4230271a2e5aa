using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace OperatorOs.Connectors.Billing.Tests;

public sealed class BillingConnectorOperatorOsBuilderExtensionsTests
{
    [Fact]
    public void AddBillingConnector_ValidOptions_RegistersSingletonConnectorAndReturnsBuilder()
    {
        using var temp = new TempDirectory();
        var builder = new TestOperatorOsBuilder(new ServiceCollection());

        IOperatorOsBuilder returned = builder.AddBillingConnector(o => o.DatabasePath = temp.Combine("billing.db"));

        Assert.Same(builder, returned);
        ServiceDescriptor descriptor = Assert.Single(builder.Services);
        Assert.Equal(typeof(Connector), descriptor.ServiceType);
        Assert.Equal(ServiceLifetime.Singleton, descriptor.Lifetime);
    }

    [Fact]
    public async Task AddBillingConnector_Resolved_UsesOptionsAndRegisteredTimeProvider()
    {
        using var temp = new TempDirectory();
        var builder = new TestOperatorOsBuilder(new ServiceCollection());
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));
        builder.AddBillingConnector(o => o.DatabasePath = temp.Combine("billing.db"));

        using var connector = Assert.IsType<BillingConnector>(Assert.Single(builder.Services).ImplementationFactory!(new TestServiceProvider(time)));
        OperationResult result = await connector.ExecuteAsync(
            new OperationRequest(BillingConnector.CustomerUpsertCapability, LedgerFixture.Args(new { customerId = "c1", name = "Acme" }), new OperationToken("u1")),
            TestContext.Current.CancellationToken);

        Assert.Equal(time.GetUtcNow(), result.CompletedAt);
        Assert.Equal(temp.Combine("billing.db"), connector.DatabasePath);
        var options = Assert.IsType<BillingConnectorOptions>(connector.GetService(typeof(BillingConnectorOptions)));
        Assert.False(options.ReadOnly);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    [Fact]
    public void AddBillingConnector_MissingPath_ThrowsOptionsValidationException()
    {
        var builder = new TestOperatorOsBuilder(new ServiceCollection());

        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() => builder.AddBillingConnector(_ => { }));

        Assert.Contains(ex.Failures, f => f.Contains("DatabasePath", StringComparison.Ordinal));
        Assert.Empty(builder.Services);
    }

    [Fact]
    public void AddBillingConnector_NullArguments_Throw()
    {
        var builder = new TestOperatorOsBuilder(new ServiceCollection());

        Assert.Throws<ArgumentNullException>(() => builder.AddBillingConnector(null!));
        Assert.Throws<ArgumentNullException>(() => ((IOperatorOsBuilder)null!).AddBillingConnector(_ => { }));
    }
}
