using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using OperatorOs;
using OperatorOs.Benchmarks.Baselines;

namespace OperatorOs.Benchmarks;

/// <summary>Durable (synchronous=FULL) journal appends: group commit against one transaction per append, under the same concurrency.</summary>
[MemoryDiagnoser]
public class DurableJournalBenchmark
{
    private const int Appends = 512;

    private string _directory = null!;
    private SqliteJournal _groupCommit = null!;
    private TransactionPerAppendJournal _baseline = null!;
    private JournalEntry _entry = null!;

    [Params(8, 64)]
    public int Writers { get; set; }

    [Params(1, 16)]
    public int InFlight { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("operatoros-bench-").FullName;
        _groupCommit = new SqliteJournal(new SqliteDatabase(new SqliteStorageOptions { Path = Path.Combine(_directory, "group.db") }));
        _baseline = new TransactionPerAppendJournal(Path.Combine(_directory, "baseline.db"));
        using JsonDocument payload = JsonDocument.Parse("""{"proposalId":"prp_1","capability":"files.write","arguments":{"path":"notes/a.md","content":"hello world"}}""");
        _entry = new JournalEntry("correlation/bench", JournalEventTypes.ProposalCreated, payload.RootElement, "bench");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _groupCommit.Dispose();
        _baseline.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Appends)]
    public Task TransactionPerAppend() => Run(() => _baseline.AppendAsync(_entry));

    [Benchmark(OperationsPerInvoke = Appends)]
    public Task GroupCommit() => Run(async () => (await _groupCommit.AppendAsync(_entry, CancellationToken.None)).Sequence);

    /// <summary>Each writer keeps up to <see cref="InFlight"/> appends outstanding until it has made its share of <see cref="Appends"/>.</summary>
    private Task Run(Func<Task<long>> append) => Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
    {
        var inFlight = new List<Task<long>>(InFlight);
        for (int i = 0; i < Appends / Writers; i++)
        {
            inFlight.Add(append());
            if (inFlight.Count == InFlight)
            {
                await Task.WhenAll(inFlight);
                inFlight.Clear();
            }
        }

        await Task.WhenAll(inFlight);
    })));
}
