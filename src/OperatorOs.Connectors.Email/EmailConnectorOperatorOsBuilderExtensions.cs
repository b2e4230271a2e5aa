using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OperatorOs;
using OperatorOs.Connectors.Email;
using OperatorOs.Connectors.Email.Internal;
using OperatorOs.Shared;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the <see cref="EmailConnector"/> (and its <see cref="EmailInbox"/>) with OperatorOs.</summary>
public static class EmailConnectorOperatorOsBuilderExtensions
{
    /// <summary>Registers an <see cref="EmailConnector"/> as a singleton <see cref="Connector"/>, and an <see cref="EmailInbox"/> when IMAP is configured.</summary>
    /// <param name="builder">The OperatorOs builder.</param>
    /// <param name="configure">Sets the connector's options: at least <see cref="EmailConnectorOptions.Address"/>,
    /// <see cref="EmailConnectorOptions.LedgerPath"/> and an SMTP host (or <see cref="EmailConnectorOptions.ReadOnly"/> with an IMAP
    /// host). Bind them from configuration here, for example <c>o => configuration.GetSection("Email").Bind(o)</c>, with the
    /// passwords in environment variables such as <c>Email__Smtp__Password</c>.</param>
    /// <returns>The <paramref name="builder"/>, for chaining.</returns>
    /// <remarks>
    /// <para><paramref name="configure"/> runs once, immediately, and the options are validated at registration, so a missing or
    /// malformed setting fails before the host starts; failure messages name settings, never credentials.</para>
    /// <para>The connector is created on first resolution with the <see cref="TimeProvider"/> registered in the container, or
    /// <see cref="TimeProvider.System"/>; the container disposes it. It is registered as <see cref="Connector"/>, as a keyed
    /// <see cref="EmailConnector"/> under its <see cref="EmailConnectorOptions.Name"/>, and (for the first registration) as
    /// <see cref="EmailConnector"/>. The <see cref="EmailInbox"/> is registered the same way and needs a <see cref="MemoryStore"/>
    /// in the container. A read-only registration offers only <c>email.fetch</c>.</para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    /// <exception cref="OptionsValidationException">The configured options are invalid.</exception>
    /// <exception cref="InvalidOperationException">An e-mail connector with the same name is already registered.</exception>
    public static IOperatorOsBuilder AddEmailConnector(this IOperatorOsBuilder builder, Action<EmailConnectorOptions> configure)
    {
        _ = Throw.IfNull(builder);
        EmailConnectorOptions options = RegistrationOptions.Configure<EmailConnectorOptions>(configure, EmailConnectorOptionsValidation.GetFailures, o => o.Name).Copy();
        string name = options.Name;
        IServiceCollection services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(EmailConnector) && d.IsKeyedService && Equals(d.ServiceKey, name)))
        {
            throw new InvalidOperationException($"An e-mail connector named '{name}' is already registered; give each one its own {nameof(EmailConnectorOptions.Name)}.");
        }

        _ = services.AddKeyedSingleton(name, (provider, _) => new EmailConnector(options, provider.GetService<TimeProvider>() ?? TimeProvider.System));
        _ = services.AddSingleton<Connector>(provider => provider.GetRequiredKeyedService<EmailConnector>(name));
        services.TryAddSingleton(provider => provider.GetRequiredKeyedService<EmailConnector>(name));
        if (options.Imap.IsConfigured)
        {
            _ = services.AddKeyedSingleton(name, (provider, _) => new EmailInbox(
                provider.GetRequiredKeyedService<EmailConnector>(name),
                provider.GetRequiredService<MemoryStore>(),
                provider.GetService<TimeProvider>() ?? TimeProvider.System));
            services.TryAddSingleton(provider => provider.GetRequiredKeyedService<EmailInbox>(name));
        }

        return builder;
    }
}
