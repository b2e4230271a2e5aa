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
