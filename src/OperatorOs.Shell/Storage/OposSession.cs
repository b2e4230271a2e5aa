using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OperatorOs.Shell;

/// <summary>
/// The host's database, opened with the same storage classes the host uses (<c>AddOperatorOs().UseSqlite(...)</c>) and no
/// connectors: reads go straight to the stores, decisions through the kernel's <see cref="IApprovalDecider"/>.
/// </summary>
/// <remarks>
/// The file must exist and hold an OperatorOs schema; nothing is created. Opening a current file takes no write lock; reads
/// never take one, so a running host is not held up. Disposing waits for journal appends to be committed.
/// </remarks>
internal sealed class OposSession : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private OposSession(ServiceProvider services, SqliteDatabase database)
    {
        _services = services;
        Database = database;
    }

    public SqliteDatabase Database { get; }

    public Journal Journal => _services.GetRequiredService<Journal>();

    public MemoryStore Memory => _services.GetRequiredService<MemoryStore>();

    public ApprovalStore Approvals => _services.GetRequiredService<ApprovalStore>();

    public IApprovalDecider Decider => _services.GetRequiredService<IApprovalDecider>();

    public MemoryIndex MemoryIndex => _services.GetRequiredService<MemoryIndex>();

    public FlowStorage Flows => _services.GetRequiredService<FlowStorage>();

    public IDeferredIntents DeferredIntents => _services.GetRequiredService<IDeferredIntents>();

    public static OposSession Open(string path, TimeSpan busyTimeout, string? policyFile)
    {
        string fullPath = CheckDatabaseFile(path);
        if (policyFile is not null)
        {
            _ = CheckPolicyFile(policyFile);
        }

        var services = new ServiceCollection();
        IOperatorOsBuilder builder = services.AddOperatorOs(options =>
        {
            options.PolicyFile = policyFile;

            // This process has no connectors: it never executes, a host's dispatcher does.
            options.ApprovalDispatch.Enabled = false;
        });
        UseHostDatabase(builder, fullPath, busyTimeout).AddMemorySearch();
        ServiceProvider provider = services.BuildServiceProvider();
        try
        {
            // Opening the file here makes a missing, locked, corrupt or newer-schema database fail before any output,
            // and building the options here makes an invalid policy file fail before anything is decided.
            var session = new OposSession(provider, provider.GetRequiredService<SqliteDatabase>());
            _ = provider.GetRequiredService<IOptions<OperatorOsOptions>>().Value;
            return session;
        }
        catch
        {
            provider.Dispose();
            throw;
        }
    }

    /// <summary>Returns the database's full path, or fails with a clear error when there is no file there: nothing is ever created.</summary>
    public static string CheckDatabaseFile(string path)
    {
        string fullPath = Path.GetFullPath(path);
        if (Directory.Exists(fullPath))
        {
            throw new OposException(ExitCodes.DatabaseUnavailable, $"'{fullPath}' is a directory, not a database file.");
        }

        return File.Exists(fullPath)
            ? fullPath
            : throw new OposException(ExitCodes.DatabaseMissing, $"database '{fullPath}' does not exist; nothing was created. Pass the file a host uses with --db or {GlobalOptions.DatabaseVariable}.");
    }

    public static string CheckPolicyFile(string path)
    {
        string fullPath = Path.GetFullPath(path);
        return File.Exists(fullPath) ? fullPath : throw new OposException(ExitCodes.NotFound, $"policy file '{fullPath}' does not exist.");
    }

    /// <summary>Stores in the host's existing file, with the storage classes the host uses; a short busy timeout, and never creating the file.</summary>
    public static IOperatorOsBuilder UseHostDatabase(IOperatorOsBuilder builder, string fullPath, TimeSpan busyTimeout) =>
        builder.UseSqlite(fullPath, storage =>
        {
            storage.CreateIfMissing = false;
            storage.BusyTimeout = busyTimeout;
            storage.JournalPollInterval = TimeSpan.FromMilliseconds(250);
        });

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
