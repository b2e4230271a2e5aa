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
    }

    public void Dispose() => _files.Dispose();
}
