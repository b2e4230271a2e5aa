using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace OperatorOs.Connectors.Files.Tests;

public sealed class FilesConnectorOperatorOsBuilderExtensionsTests
{
    [Fact]
    public void AddFilesConnector_ValidOptions_RegistersSingletonConnectorAndReturnsBuilder()
    {
        using var temp = new TempDirectory();
        var builder = new TestOperatorOsBuilder(new ServiceCollection());

        IOperatorOsBuilder returned = builder.AddFilesConnector(o => o.RootPath = temp.Path);

        Assert.Same(builder, returned);
        ServiceDescriptor descriptor = Assert.Single(builder.Services);
        Assert.Equal(typeof(Connector), descriptor.ServiceType);
        Assert.Equal(ServiceLifetime.Singleton, descriptor.Lifetime);
        Assert.NotNull(descriptor.ImplementationFactory);
    }

    [Fact]
    public async Task AddFilesConnector_Resolved_UsesOptionsAndRegisteredTimeProvider()
    {
        using var temp = new TempDirectory();
        var builder = new TestOperatorOsBuilder(new ServiceCollection());
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));
        builder.AddFilesConnector(o =>
        {
            o.RootPath = temp.Path;
            o.MaxFileBytes = 100;
        });

        using var connector = Assert.IsType<FilesConnector>(Assert.Single(builder.Services).ImplementationFactory!(new TestServiceProvider(time)));
        OperationResult result = await connector.ExecuteAsync(
            new OperationRequest(FilesConnector.WriteCapability, ConnectorFixture.Args(new { path = "a.txt", content = "x" }), new OperationToken("w1")),
            TestContext.Current.CancellationToken);

        Assert.Equal(temp.Path, connector.RootPath);
        Assert.Equal(100, Assert.IsType<FilesConnectorOptions>(connector.GetService(typeof(FilesConnectorOptions))).MaxFileBytes);
        Assert.Equal(time.GetUtcNow(), result.CompletedAt);
    }

    [Fact]
    public void AddFilesConnector_NoTimeProviderRegistered_FallsBackToSystemClock()
    {
        using var temp = new TempDirectory();
        var builder = new TestOperatorOsBuilder(new ServiceCollection());
        builder.AddFilesConnector(o => o.RootPath = temp.Path);

        object connector = Assert.Single(builder.Services).ImplementationFactory!(new TestServiceProvider());

        using var files = Assert.IsType<FilesConnector>(connector);
        Assert.Equal("files", files.Name);
    }

    [Fact]
    public void AddFilesConnector_MissingRootPath_ThrowsOptionsValidationExceptionAtRegistration()
    {
        var builder = new TestOperatorOsBuilder(new ServiceCollection());

        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() => builder.AddFilesConnector(o => o.ReadOnly = true));

        Assert.Equal(typeof(FilesConnectorOptions), ex.OptionsType);
        Assert.Contains("RootPath", ex.Message, StringComparison.Ordinal);
        Assert.Empty(builder.Services);
    }

    [Fact]
    public void AddFilesConnector_NullArguments_ThrowArgumentNullException()
    {
        var builder = new TestOperatorOsBuilder(new ServiceCollection());

        Assert.Throws<ArgumentNullException>(() => FilesConnectorOperatorOsBuilderExtensions.AddFilesConnector(null!, _ => { }));
        Assert.Throws<ArgumentNullException>(() => builder.AddFilesConnector(null!));
    }
}
