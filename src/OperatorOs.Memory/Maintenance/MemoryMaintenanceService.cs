using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>A hosted service that applies retention at startup and then every <see cref="MemoryRetentionOptions.Interval"/>.</summary>
/// <remarks>A failed pass is reported through <see cref="LastError"/> and retried at the next interval; the service never stops the host.</remarks>
public sealed class MemoryMaintenanceService : BackgroundService
{
    private readonly MemoryRetention _retention;
    private readonly TimeProvider _timeProvider;
    private readonly IOptionsMonitor<MemoryRetentionOptions> _options;

    /// <summary>Initializes a new instance of the <see cref="MemoryMaintenanceService"/> class.</summary>
    /// <param name="retention">The retention policy to apply.</param>
    /// <param name="timeProvider">The clock that paces the passes.</param>
    /// <param name="options">The retention options.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public MemoryMaintenanceService(MemoryRetention retention, TimeProvider timeProvider, IOptionsMonitor<MemoryRetentionOptions> options)
    {
        _retention = Throw.IfNull(retention);
        _timeProvider = Throw.IfNull(timeProvider);
        _options = Throw.IfNull(options);
    }

    /// <summary>Gets the report of the last successful pass, or <see langword="null"/> before the first.</summary>
    public RetentionReport? LastReport { get; private set; }

    /// <summary>Gets the error of the last pass if it failed, or <see langword="null"/>.</summary>
    public Exception? LastError { get; private set; }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                LastReport = await _retention.ApplyAsync(stoppingToken).ConfigureAwait(false);
                LastError = null;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // The host is stopping: a pass cut short is simply run again at the next start.
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LastError = ex;
            }

            try
            {
                await Task.Delay(_options.CurrentValue.Interval, _timeProvider, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
