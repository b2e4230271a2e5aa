using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OperatorOs;
using OperatorOs.Connectors.Calendar;
using OperatorOs.Connectors.Calendar.Internal;
using OperatorOs.Shared;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the <see cref="CalendarConnector"/> with OperatorOs.</summary>
public static class CalendarConnectorOperatorOsBuilderExtensions
{
    /// <summary>Registers a <see cref="CalendarConnector"/> as a singleton <see cref="Connector"/> service.</summary>
    /// <param name="builder">The OperatorOs builder.</param>
    /// <param name="configure">Sets the connector's options: the calendar URL, credentials, and the ledger path unless read-only.</param>
    /// <returns>The <paramref name="builder"/>, for chaining.</returns>
    /// <remarks><paramref name="configure"/> runs once, immediately, and the options are validated at registration, so a missing URL or
    /// ledger path fails at startup. With <see cref="CalendarConnectorOptions.ReadOnly"/> the connector offers only <c>calendar.list</c>
    /// and <c>calendar.freebusy</c>. The connector is created on first resolution with the <see cref="TimeProvider"/> and
    /// <see cref="ILoggerFactory"/> registered in the container (or <see cref="TimeProvider.System"/> and no logging); the container
    /// disposes it.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    /// <exception cref="OptionsValidationException">The configured options are invalid; the messages never contain the password.</exception>
    public static IOperatorOsBuilder AddCalendarConnector(this IOperatorOsBuilder builder, Action<CalendarConnectorOptions> configure)
    {
        _ = Throw.IfNull(builder);
        CalendarConnectorOptions options = RegistrationOptions.Configure<CalendarConnectorOptions>(configure, CalendarConnectorOptionsValidation.GetFailures);

        _ = builder.Services.AddSingleton<Connector>(services => new CalendarConnector(
            options,
            services.GetService<TimeProvider>() ?? TimeProvider.System,
            services.GetService<ILoggerFactory>()?.CreateLogger<CalendarConnector>()));
        return builder;
    }
}
