using System.Text.Json;
using BenchmarkDotNet.Attributes;
using OperatorOs;

namespace OperatorOs.Benchmarks;

/// <summary>Appending to the hash-chained in-memory journal against hashing the payload alone (the irreducible cost).</summary>
[MemoryDiagnoser]
public class JournalBenchmark
{
    private InMemoryJournal _journal = null!;
    private JournalEntry _entry = null!;

    [GlobalSetup]
    public void Setup()
    {
        using JsonDocument payload = JsonDocument.Parse("""{"proposalId":"prp_1","capability":"files.write","arguments":{"path":"notes/a.md","content":"hello world"}}""");
        _entry = new JournalEntry("correlation/bench", JournalEventTypes.ProposalCreated, payload.RootElement, "bench");
    }

    [IterationSetup]
    public void FreshJournal() => _journal = new InMemoryJournal();

    [Benchmark(Baseline = true)]
    public string PayloadHash() => JournalChain.ComputePayloadHash(_entry.Payload);

    [Benchmark]
    public Task<JournalEvent> Append() => _journal.AppendAsync(_entry, CancellationToken.None);
}
