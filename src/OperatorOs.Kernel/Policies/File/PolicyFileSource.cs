using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.FileProviders.Physical;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace OperatorOs;

/// <summary>Loads the policy file, keeps the last good policy, watches the file and signals <see cref="IOptionsMonitor{TOptions}"/> when a valid edit lands.</summary>
/// <remarks>
/// The first load happens when <see cref="OperatorOsOptions"/> are first built (<see cref="PolicyFilePostConfigure"/> calls
/// <see cref="Initialize"/>). A change notification from the file system schedules a reload after <see cref="ReloadDelay"/> on the
/// <see cref="TimeProvider"/> (editors write files in several steps); <see cref="ReloadAsync"/> reloads at once. Loads are serialized,
/// and a policy replaces the current one only when the whole file is valid.
/// </remarks>
internal sealed class PolicyFileSource : IPolicyFileStatus, IDisposable
{
    public static readonly TimeSpan ReloadDelay = TimeSpan.FromMilliseconds(300);

    private readonly IServiceProvider _services;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Lock _initLock = new();
    private readonly SemaphoreSlim _loadGate = new(1, 1);
    private readonly CancellationTokenSource _disposed = new();
    private CancellationTokenSource _changed = new();
    private PhysicalFileProvider? _provider;
    private IDisposable? _watch;
    private volatile State _state = new(null, null, null);
    private volatile bool _initialized;
    private int _disposeCount;

    public PolicyFileSource(IServiceProvider services, TimeProvider timeProvider)
    {
        _services = services;
        _timeProvider = timeProvider;
        _logger = services.GetService<ILoggerFactory>()?.CreateLogger("OperatorOs.PolicyFile") ?? NullLogger.Instance;
    }

    public string? FilePath { get; private set; }

    public PolicyDocument? Current
    {
        get
        {
            EnsureInitialized();
            return _state.Current;
        }
    }

    public DateTimeOffset? LoadedAt
    {
        get
        {
            EnsureInitialized();
            return _state.LoadedAt;
        }
    }

    public PolicyFileException? LastError
    {
        get
        {
            EnsureInitialized();
            return _state.LastError;
        }
    }

    /// <summary>Gets the policy in force without triggering the first load (for the options pipeline itself).</summary>
    public PolicyDocument? CurrentLoaded => _state.Current;

    /// <summary>Gets the last error without triggering the first load.</summary>
    public PolicyFileException? LastErrorLoaded => _state.LastError;

    /// <summary>Gets a token that fires when a new policy comes into force.</summary>
    public IChangeToken GetChangeToken() => new CancellationChangeToken(Volatile.Read(ref _changed).Token);

    /// <summary>Loads the file the first time the options are built; later calls do nothing.</summary>
    public void Initialize(string? path)
    {
        if (path is null)
        {
            return;
        }

        lock (_initLock)
        {
            if (_initialized)
            {
                return;
            }

            FilePath = Path.GetFullPath(path);
            _loadGate.Wait();
            try
            {
                Apply(ReadAndParse(() => File.ReadAllBytes(FilePath)), signal: false);
            }
            finally
            {
                _ = _loadGate.Release();
            }

            Watch();
            _initialized = true;
        }
    }

    public async Task<bool> ReloadAsync(CancellationToken cancellationToken = default)
    {
        EnsureInitialized();
        string path = FilePath ?? throw new InvalidOperationException("No policy file is configured (set OperatorOsOptions.PolicyFile).");
        await _loadGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            byte[]? bytes = null;
            PolicyFileException? readError = null;
            try
            {
                bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                readError = Unreadable(path, ex);
            }
            catch (UnauthorizedAccessException ex)
            {
                readError = Unreadable(path, ex);
            }

            return Apply(readError is null ? Parse(bytes!, path) : (null, readError), signal: true);
        }
        finally
        {
            _ = _loadGate.Release();
        }
    }

    public void Dispose()
    {
        // Registered both as itself and as IPolicyFileStatus, so the container disposes it twice.
        if (Interlocked.Exchange(ref _disposeCount, 1) != 0)
        {
            return;
        }

        _disposed.Cancel();
        _watch?.Dispose();
        _provider?.Dispose();
        _disposed.Dispose();
        _loadGate.Dispose();
    }

    private static (PolicyDocument? Document, PolicyFileException? Error) Parse(byte[] bytes, string path)
    {
        try
        {
            return (PolicyDocument.Parse(bytes, path), null);
        }
        catch (PolicyFileException ex)
        {
            return (null, ex);
        }
    }

    private static PolicyFileException Unreadable(string path, Exception ex) =>
        new(path, [new PolicyFileError(JsonPaths.Root, 1, 1, $"The file cannot be read: {ex.Message}")], ex);

    private (PolicyDocument? Document, PolicyFileException? Error) ReadAndParse(Func<byte[]> read)
    {
        try
        {
            return Parse(read(), FilePath!);
        }
        catch (IOException ex)
        {
            return (null, Unreadable(FilePath!, ex));
        }
        catch (UnauthorizedAccessException ex)
        {
            return (null, Unreadable(FilePath!, ex));
        }
    }

    private bool Apply((PolicyDocument? Document, PolicyFileException? Error) result, bool signal)
    {
        if (result.Document is { } document)
        {
            _state = new State(document, _timeProvider.GetUtcNow(), null);
            PolicyFileLog.Loaded(_logger, FilePath!, document.AmountThresholds.Count + document.ConfidenceThresholds.Count + document.RateLimits.Count + (document.QuietHours is null ? 0 : 1));
            if (signal)
            {
                CancellationTokenSource previous = Interlocked.Exchange(ref _changed, new CancellationTokenSource());
                previous.Cancel();
                previous.Dispose();
            }

            return true;
        }

        _state = _state with { LastError = result.Error };
        PolicyFileLog.Rejected(_logger, result.Error!.Message);
        return false;
    }

    private void Watch()
    {
        string? directory = Path.GetDirectoryName(FilePath);
        if (directory is null || !Directory.Exists(directory))
        {
            return;
        }

        _provider = new PhysicalFileProvider(directory, ExclusionFilters.None);
        string fileName = Path.GetFileName(FilePath!);
        _watch = ChangeToken.OnChange(() => _provider.Watch(fileName), () => _ = ReloadAfterDelayAsync());
    }

    private async Task ReloadAfterDelayAsync()
    {
        try
        {
            await Task.Delay(ReloadDelay, _timeProvider, _disposed.Token).ConfigureAwait(false);
            _ = await ReloadAsync(_disposed.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        catch (InvalidOperationException ex)
        {
            PolicyFileLog.ReloadFailed(_logger, ex);
        }
    }

    private void EnsureInitialized()
    {
        if (_initialized)
        {
            return;
        }

        try
        {
            // Building the options runs PolicyFilePostConfigure, which calls Initialize with the configured path.
            _ = _services.GetRequiredService<IOptions<OperatorOsOptions>>().Value;
        }
        catch (OptionsValidationException)
        {
            // The state already holds the error.
        }
    }

    private sealed record State(PolicyDocument? Current, DateTimeOffset? LoadedAt, PolicyFileException? LastError);
}
