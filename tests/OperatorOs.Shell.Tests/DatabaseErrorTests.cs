using Microsoft.Data.Sqlite;

namespace OperatorOs.Shell.Tests;

/// <summary>A database opos cannot use gives one clear line and its own exit code, never a stack trace, and is never created or changed.</summary>
public sealed class DatabaseErrorTests(HostDatabase host) : IDisposable
{
    private readonly TempDirectory _directory = new();

    public static TheoryData<string[]> Commands => new()
    {
        { ["status"] },
        { ["approvals", "list"] },
        { ["approvals", "approve", "apr_x"] },
        { ["memory", "show", "customer/42"] },
        { ["audit", "tail"] },
        { ["audit", "verify"] },
        { ["metrics"] },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task MissingFile_IsDatabaseMissingAndNothingIsCreated(string[] command)
    {
        string db = _directory.Combine("sub", "missing.db");

        CliResult result = await Cli.RunAsync([.. command, "--db", db]);

        result.AssertOneLineError(ExitCodes.DatabaseMissing, "does not exist");
        Assert.False(File.Exists(db));
        Assert.False(Directory.Exists(_directory.Combine("sub")));
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task GarbageFile_IsDatabaseCorrupt(string[] command)
    {
        string db = _directory.Combine("garbage.db");
        File.WriteAllBytes(db, Enumerable.Range(0, 8192).Select(i => (byte)(i * 31)).ToArray());

        CliResult result = await Cli.RunAsync([.. command, "--db", db]);

        result.AssertOneLineError(ExitCodes.DatabaseCorrupt, "Corrupt");
    }

    [Fact]
    public async Task EmptyFile_IsDatabaseCorruptAndStaysEmpty()
    {
        string db = _directory.Combine("empty.db");
        File.WriteAllBytes(db, []);

        CliResult result = await Cli.RunAsync("status", "--db", db);

        result.AssertOneLineError(ExitCodes.DatabaseCorrupt, "no OperatorOs schema");
        SqliteConnection.ClearAllPools();
        Assert.Equal(0, new FileInfo(db).Length);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task NewerSchema_IsDatabaseNewerSchema(string[] command)
    {
        string db = host.CopyTo(_directory);
        Execute(db, "PRAGMA user_version = 99;");

        CliResult result = await Cli.RunAsync([.. command, "--db", db]);

        result.AssertOneLineError(ExitCodes.DatabaseNewerSchema, "version 99");
    }

    [Fact]
    public async Task ReadWhileAnotherProcessHoldsAnExclusiveLock_IsDatabaseLocked()
    {
        string db = host.CopyTo(_directory);
        using var holder = new SqliteConnection($"Data Source={db};Pooling=False");
        holder.Open();
        using (SqliteCommand exclusive = holder.CreateCommand())
        {
            // Exclusive locking mode keeps even WAL readers out, as a host in the middle of a checkpoint-and-truncate can.
            exclusive.CommandText = "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; UPDATE approvals SET status = status;";
            exclusive.ExecuteNonQuery();
        }

        CliResult result = await Cli.RunAsync("approvals", "list", "--db", db, "--busy-timeout", "100");

        result.AssertOneLineError(ExitCodes.DatabaseLocked, "locked");
    }

    [Fact]
    public async Task ReadWhileAHostWrites_Succeeds()
    {
        // WAL: a writer holding its transaction open does not stop readers.
        string db = host.CopyTo(_directory);
        using var holder = new SqliteConnection($"Data Source={db};Pooling=False");
        holder.Open();
        using SqliteTransaction transaction = holder.BeginTransaction(deferred: false);

        CliResult status = await Cli.RunAsync("status", "--db", db, "--busy-timeout", "100");
        CliResult list = await Cli.RunAsync("approvals", "list", "--db", db, "--busy-timeout", "100");

        Assert.Equal(ExitCodes.Ok, status.ExitCode);
        Assert.Equal(ExitCodes.Ok, list.ExitCode);
    }

    [Fact]
    public async Task Directory_IsDatabaseUnavailable()
    {
        CliResult result = await Cli.RunAsync("status", "--db", _directory.Path);

        result.AssertOneLineError(ExitCodes.DatabaseUnavailable, "directory");
    }

    [Fact]
    public async Task NoDatabaseGiven_IsAUsageError()
    {
        if (Environment.GetEnvironmentVariable("OPOS_DB") is not null)
        {
            Assert.Fail("OPOS_DB is set in the test environment; this test checks the case without it.");
        }

        CliResult result = await Cli.RunAsync("status");

        result.AssertOneLineError(ExitCodes.Usage, "--db");
    }

    private static void Execute(string db, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={db};Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
