using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OperatorOs;
using OperatorOs.Shared;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers memory retention and the background service that applies it.</summary>
public static class MemoryRetentionOperatorOsBuilderExtensions
{
    /// <summary>Applies a retention policy to memory and the journal at startup and then periodically.</summary>
    /// <param name="builder">The OperatorOs builder.</param>
    /// <param name="configure">Adjusts the policy, or <see langword="null"/> for the defaults (facts forever, context history 30 days, context 90 days, signals and intent payloads 14 days).</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static IOperatorOsBuilder AddMemoryRetention(this IOperatorOsBuilder builder, Action<MemoryRetentionOptions>? configure = null)
    {
        _ = Throw.IfNull(builder);
        IServiceCollection services = builder.Services;
        OptionsBuilder<MemoryRetentionOptions> options = services.AddOptions<MemoryRetentionOptions>()
            .Validate(o => o.Interval > TimeSpan.Zero, $"{nameof(MemoryRetentionOptions)}.{nameof(MemoryRetentionOptions.Interval)} must be positive.")
            .Validate(
                o => new[] { o.Facts, o.ContextHistory, o.Context, o.Signals }.All(period => period is null || period > TimeSpan.Zero) && o.JournalPayloads.Values.All(period => period > TimeSpan.Zero),
                $"{nameof(MemoryRetentionOptions)}: every retention period must be positive or null.")
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<MemoryRetention>();
        services.TryAddSingleton<MemoryMaintenanceService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, MemoryMaintenanceService>(sp => sp.GetRequiredService<MemoryMaintenanceService>()));
        return builder;
    }
}
