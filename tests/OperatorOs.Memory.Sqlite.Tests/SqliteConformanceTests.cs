using System.Runtime.CompilerServices;

namespace OperatorOs.Memory.Sqlite.Tests;

public sealed class SqliteJournalConformanceTests : JournalConformanceTests, IDisposable
{
    private readonly TempDatabases _files = new();
    private readonly ConditionalWeakTable<Journal, string> _paths = [];

    protected override Task<Journal> CreateJournalAsync(TimeProvider timeProvider)
    {
        string path = _files.NewPath();
        var journal = new SqliteJournal(_files.Open(path), timeProvider);
        _paths.Add(journal, path);
        return Task.FromResult<Journal>(journal);
    }

    protected override async Task<Journal?> ReopenAsync(Journal journal)
    {
        await ((SqliteJournal)journal).DisposeAsync();
        return new SqliteJournal(_files.Open(_paths.TryGetValue(journal, out string? path) ? path : throw new InvalidOperationException("unknown journal")));
    }

    public void Dispose() => _files.Dispose();
}

public sealed class SqliteMemoryStoreConformanceTests : MemoryStoreConformanceTests, IDisposable
{
    private readonly TempDatabases _files = new();

    protected override Task<MemoryStore> CreateStoreAsync(TimeProvider timeProvider) =>
        Task.FromResult<MemoryStore>(new SqliteMemoryStore(_files.Open(), timeProvider));

    public void Dispose() => _files.Dispose();
}

public sealed class SqliteApprovalStoreConformanceTests : ApprovalStoreConformanceTests, IDisposable
{
    private readonly TempDatabases _files = new();

    protected override Task<ApprovalStore> CreateStoreAsync() => Task.FromResult<ApprovalStore>(new SqliteApprovalStore(_files.Open()));

    public void Dispose() => _files.Dispose();
}
