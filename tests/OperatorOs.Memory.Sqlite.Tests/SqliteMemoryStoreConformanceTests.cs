using System.Runtime.CompilerServices;

namespace OperatorOs.Memory.Sqlite.Tests;

public sealed class SqliteMemoryStoreConformanceTests : MemoryStoreConformanceTests, IDisposable
{
    private readonly TempDatabases _files = new();

    protected override Task<MemoryStore> CreateStoreAsync(TimeProvider timeProvider) =>
        Task.FromResult<MemoryStore>(new SqliteMemoryStore(_files.Open(), timeProvider));

    public void Dispose() => _files.Dispose();
}
