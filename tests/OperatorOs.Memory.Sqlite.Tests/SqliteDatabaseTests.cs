using Microsoft.Data.Sqlite;

namespace OperatorOs.Memory.Sqlite.Tests;

public sealed class SqliteDatabaseTests : IDisposable
{
    private readonly TempDatabases _files = new();

    [Fact]
    public void Constructor_NewFile_CreatesTheSchemaInWalMode()
    {
        string path = _files.NewPath();

        var database = _files.Open(path);

        Assert.Equal(SqliteSchema.Version, database.SchemaVersion);
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode; ";
        Assert.Equal("wal", command.ExecuteScalar());
        command.CommandText = "PRAGMA user_version;";
        Assert.Equal((long)SqliteSchema.Version, command.ExecuteScalar());
    }

    [Fact]
    public void Constructor_ExistingFile_OpensWithoutMigratingAgain()
    {
        string path = _files.NewPath();
        _files.Open(path);

        var reopened = _files.Open(path);

        Assert.Equal(SqliteSchema.Version, reopened.SchemaVersion);
    }

    [Fact]
    public void Constructor_NewerSchema_ThrowsATypedErrorNamingBothVersions()
    {
        string path = _files.NewPath();
        _files.Open(path);
        using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = $"PRAGMA user_version = {SqliteSchema.Version + 5};";
            command.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();
        var error = Assert.Throws<SqliteStorageException>(() => _files.Open(path));

        Assert.Equal(SqliteStorageError.NewerSchema, error.Error);
        Assert.Contains($"version {SqliteSchema.Version + 5}", error.Message, StringComparison.Ordinal);
        Assert.Equal(path, error.Path);
    }

    [Fact]
    public void Constructor_NotADatabase_ThrowsCorrupt()
    {
        string path = _files.NewPath();
        File.WriteAllText(path, new string('x', 8192));

        var error = Assert.Throws<SqliteStorageException>(() => _files.Open(path));

        Assert.Equal(SqliteStorageError.Corrupt, error.Error);
    }

    [Fact]
    public async Task WriteAsync_WhileAnotherConnectionHoldsTheWriteLock_ThrowsLockedAfterTheBusyTimeout()
    {
        string path = _files.NewPath();
        var database = new SqliteDatabase(new SqliteStorageOptions { Path = path, BusyTimeout = TimeSpan.FromMilliseconds(200) });
        var store = new SqliteMemoryStore(database);
        using var blocker = new SqliteConnection($"Data Source={path};Pooling=False");
        blocker.Open();
        using SqliteTransaction hold = blocker.BeginTransaction(deferred: false);

        var error = await Assert.ThrowsAsync<SqliteStorageException>(() =>
            store.WriteAsync(new MemoryWrite("e", "a", MemoryKind.Fact, TestJson.Parse("1"), new Provenance(ActorKind.Operator, "op")), TestContext.Current.CancellationToken));

        Assert.Equal(SqliteStorageError.Locked, error.Error);
        hold.Rollback();
        Assert.Null(await store.GetAsync("e", "a", TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Constructor_InvalidOptions_NameTheOption()
    {
        Assert.Contains("Path", Assert.Throws<ArgumentException>(() => new SqliteDatabase(new SqliteStorageOptions())).Message, StringComparison.Ordinal);
        Assert.Contains("MaxJournalBatch", Assert.Throws<ArgumentException>(() => new SqliteDatabase(new SqliteStorageOptions { Path = _files.NewPath(), MaxJournalBatch = 0 })).Message, StringComparison.Ordinal);
        Assert.Contains("JournalPollInterval", Assert.Throws<ArgumentException>(() => new SqliteDatabase(new SqliteStorageOptions { Path = _files.NewPath(), JournalPollInterval = TimeSpan.Zero })).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_OpenExistingAndFileMissing_ThrowsUnavailableAndCreatesNothing()
    {
        string path = Path.Combine(_files.NewPath() + "-dir", "missing.db");

        var error = Assert.Throws<SqliteStorageException>(() => new SqliteDatabase(new SqliteStorageOptions { Path = path, CreateIfMissing = false }));

        Assert.Equal(SqliteStorageError.Unavailable, error.Error);
        Assert.False(File.Exists(path));
        Assert.False(Directory.Exists(Path.GetDirectoryName(path)));
    }

    [Fact]
    public void Constructor_OpenExistingAndFileEmpty_ThrowsCorruptAndAddsNoSchema()
    {
        string path = _files.NewPath();
        File.WriteAllBytes(path, []);

        var error = Assert.Throws<SqliteStorageException>(() => new SqliteDatabase(new SqliteStorageOptions { Path = path, CreateIfMissing = false }));

        Assert.Equal(SqliteStorageError.Corrupt, error.Error);
        SqliteConnection.ClearAllPools();
        Assert.Equal(0, new FileInfo(path).Length);
    }

    [Fact]
    public void Constructor_OpenExistingAndAnotherApplicationsDatabase_ThrowsCorruptAndLeavesItAlone()
    {
        string path = _files.NewPath();
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE customers (id INTEGER PRIMARY KEY);";
            command.ExecuteNonQuery();
        }

        var error = Assert.Throws<SqliteStorageException>(() => new SqliteDatabase(new SqliteStorageOptions { Path = path, CreateIfMissing = false }));

        Assert.Equal(SqliteStorageError.Corrupt, error.Error);
        Assert.Contains("not an OperatorOs one", error.Message, StringComparison.Ordinal);
        using var check = new SqliteConnection($"Data Source={path};Pooling=False");
        check.Open();
        using SqliteCommand tables = check.CreateCommand();
        tables.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table';";
        Assert.Equal(1L, tables.ExecuteScalar());
    }

    [Fact]
    public void Constructor_CurrentSchemaWhileAnotherConnectionHoldsTheWriteLock_OpensWithoutWaiting()
    {
        string path = _files.NewPath();
        _files.Open(path);
        using var writer = new SqliteConnection($"Data Source={path};Pooling=False");
        writer.Open();
        using SqliteTransaction hold = writer.BeginTransaction(deferred: false);

        var reopened = new SqliteDatabase(new SqliteStorageOptions { Path = path, BusyTimeout = TimeSpan.Zero, CreateIfMissing = false });

        Assert.Equal(SqliteSchema.Version, reopened.SchemaVersion);
    }

    public void Dispose() => _files.Dispose();
}
