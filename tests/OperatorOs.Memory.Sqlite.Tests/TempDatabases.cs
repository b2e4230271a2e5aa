using Microsoft.Data.Sqlite;

namespace OperatorOs.Memory.Sqlite.Tests;

/// <summary>A temporary folder of database files for one test class instance, deleted afterwards.</summary>
internal sealed class TempDatabases : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("operatoros-sqlite-").FullName;
    private int _next;

    public string NewPath() => Path.Combine(_directory, $"db{Interlocked.Increment(ref _next)}.db");

    public SqliteDatabase Open(string? path = null) => new(new SqliteStorageOptions { Path = path ?? NewPath() });

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
