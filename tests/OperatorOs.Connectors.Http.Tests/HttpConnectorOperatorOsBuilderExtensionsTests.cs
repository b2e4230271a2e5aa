using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace OperatorOs.Connectors.Http.Tests;

public sealed class HttpConnectorOperatorOsBuilderExtensionsTests : IAsyncDisposable
{
    private readonly ConnectorFixture _fixture = new();

    public ValueTask DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task AddHttpConnector_TwoNamedConnectors_RegistersSingletonsUsingTheContainersClock()
    {
        var services = new ServiceCollection();
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));
        services.AddSingleton<TimeProvider>(time);
        var builder = new TestOperatorOsBuilder(services);

        IOperatorOsBuilder returned = builder
            .AddHttpConnector(_fixture.Configure)
            .AddHttpConnector(o =>
            {
                o.Name = "crm";
                o.BaseAddress = _fixture.Server.BaseAddress;
                o.Operations.Add(new HttpOperation { Name = "crm.echo", RiskTier = RiskTier.Read, UrlTemplate = "/echo" });
            });
        await using ServiceProvider provider = services.BuildServiceProvider();
        Connector[] connectors = [.. provider.GetServices<Connector>()];

        Assert.Same(builder, returned);
        Assert.All(services.Where(d => d.ServiceType == typeof(Connector)), d => Assert.Equal(ServiceLifetime.Singleton, d.Lifetime));
        Assert.Equal(["http", "crm"], connectors.Select(c => c.Name));
        Assert.Same(connectors[1], provider.GetServices<Connector>().Last());
        OperationResult result = await connectors[1].ExecuteAsync(new OperationRequest("crm.echo", TestJson.Parse("{}"), new OperationToken("e1")), TestContext.Current.CancellationToken);
        Assert.Equal(time.GetUtcNow(), result.CompletedAt);
    }

    [Fact]
    public void AddHttpConnector_InvalidOptions_ThrowsOptionsValidationExceptionAtRegistrationWithoutTheSecret()
    {
        var builder = new TestOperatorOsBuilder(new ServiceCollection());

        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() => builder.AddHttpConnector(o =>
        {
            o.BearerToken = ConnectorFixture.Secret;
            o.Operations.Add(new HttpOperation { Name = "Bad Name", UrlTemplate = "/x/{id" });
        }));

        Assert.Equal(typeof(HttpConnectorOptions), ex.OptionsType);
        Assert.Contains("Bad Name", ex.Message, StringComparison.Ordinal);
        Assert.Contains("no closing", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Sup3r", ex.Message, StringComparison.Ordinal);
        Assert.Empty(builder.Services);
    }

    [Fact]
    public void AddHttpConnector_NullArguments_ThrowArgumentNullException()
    {
        var builder = new TestOperatorOsBuilder(new ServiceCollection());

        Assert.Throws<ArgumentNullException>(() => HttpConnectorOperatorOsBuilderExtensions.AddHttpConnector(null!, _ => { }));
        Assert.Throws<ArgumentNullException>(() => builder.AddHttpConnector(null!));
    }
}
