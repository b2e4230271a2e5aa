using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OperatorOs.Connectors.Email.Tests;

public sealed class EmailConnectorOperatorOsBuilderExtensionsTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    [Fact]
    public void AddEmailConnector_WithImap_RegistersConnectorAndInboxSharingOneInstance()
    {
        var services = new ServiceCollection();
        services.AddSingleton<MemoryStore>(new InMemoryMemoryStore());
        var builder = new TestOperatorOsBuilder(services);

        IOperatorOsBuilder returned = builder.AddEmailConnector(o => Configure(o, imap: true));

        Assert.Same(builder, returned);
        using ServiceProvider provider = services.BuildServiceProvider();
        Connector connector = Assert.Single(provider.GetServices<Connector>());
        Assert.Same(connector, provider.GetRequiredService<EmailConnector>());
        Assert.Same(connector, provider.GetRequiredKeyedService<EmailConnector>("email"));
        Assert.Same(provider.GetRequiredService<EmailInbox>(), provider.GetRequiredKeyedService<EmailInbox>("email"));
        Assert.Equal([EmailConnector.SendCapability, EmailConnector.DraftCapability, EmailConnector.FetchCapability], connector.Capabilities.Select(c => c.Name));
    }

    [Fact]
    public void AddEmailConnector_ReadOnly_HidesEveryOperationWithAnEffect()
    {
        var services = new ServiceCollection();
        new TestOperatorOsBuilder(services).AddEmailConnector(o =>
        {
            Configure(o, imap: true);
            o.ReadOnly = true;
        });

        using ServiceProvider provider = services.BuildServiceProvider();
        Connector connector = provider.GetRequiredService<Connector>();

        CapabilityDescriptor only = Assert.Single(connector.Capabilities);
        Assert.Equal(EmailConnector.FetchCapability, only.Name);
        Assert.Equal(RiskTier.Read, only.RiskTier);
        Assert.Throws<UnknownCapabilityException>(() => connector.GetCapability(EmailConnector.SendCapability));
    }

    [Fact]
    public void AddEmailConnector_WithoutImap_OffersOnlySendingAndRegistersNoInbox()
    {
        var services = new ServiceCollection();
        new TestOperatorOsBuilder(services).AddEmailConnector(o => Configure(o, imap: false));

        using ServiceProvider provider = services.BuildServiceProvider();

        CapabilityDescriptor send = Assert.Single(provider.GetRequiredService<Connector>().Capabilities);
        Assert.Equal(RiskTier.External, send.RiskTier);
        Assert.Null(provider.GetService<EmailInbox>());
    }

    [Fact]
    public void AddEmailConnector_TwoMailboxes_NeedTwoNames()
    {
        var services = new ServiceCollection();
        var builder = new TestOperatorOsBuilder(services);
        builder.AddEmailConnector(o => Configure(o, imap: false));

        Assert.Throws<InvalidOperationException>(() => builder.AddEmailConnector(o => Configure(o, imap: false)));
        builder.AddEmailConnector(o =>
        {
            Configure(o, imap: false);
            o.Name = "support-mail";
            o.LedgerPath = _temp.Combine("support.db");
        });

        using ServiceProvider provider = services.BuildServiceProvider();
        Assert.Equal(["email", "support-mail"], provider.GetServices<Connector>().Select(c => c.Name));
    }

    [Fact]
    public void AddEmailConnector_InvalidOptions_ThrowsAtRegistrationAndRegistersNothing()
    {
        var services = new ServiceCollection();

        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() => new TestOperatorOsBuilder(services).AddEmailConnector(o => o.Smtp.Password = "hunter2-secret"));

        Assert.Contains(ex.Failures, f => f.Contains("Address", StringComparison.Ordinal));
        Assert.DoesNotContain("hunter2-secret", ex.Message, StringComparison.Ordinal);
        Assert.Empty(services);
    }

    [Fact]
    public void AddEmailConnector_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => new TestOperatorOsBuilder(new ServiceCollection()).AddEmailConnector(null!));
        Assert.Throws<ArgumentNullException>(() => ((IOperatorOsBuilder)null!).AddEmailConnector(_ => { }));
    }

    private void Configure(EmailConnectorOptions options, bool imap)
    {
        options.Address = "office@example.com";
        options.LedgerPath = _temp.Combine("email.db");
        options.Smtp.Host = "smtp.invalid";
        options.Imap.Host = imap ? "imap.invalid" : null;
    }
}
