using System.Runtime.CompilerServices;

namespace OperatorOs.Memory.Sqlite.Tests;

public sealed class SqliteApprovalStoreConformanceTests : ApprovalStoreConformanceTests, IDisposable
{
    private readonly TempDatabases _files = new();

    protected override Task<ApprovalStore> CreateStoreAsync() => Task.FromResult<ApprovalStore>(new SqliteApprovalStore(_files.Open()));

    public void Dispose() => _files.Dispose();
}
