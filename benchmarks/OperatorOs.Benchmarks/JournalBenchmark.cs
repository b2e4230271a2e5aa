using System.Text.Json;
using BenchmarkDotNet.Attributes;
using OperatorOs;

namespace OperatorOs.Benchmarks;

/// <summary>Appending to the hash-chained in-memory journal against hashing the payloads alone (the irreducible cost).</summary>
[MemoryDiagnoser]
public class JournalBenchmark
{
    private const int Batch = 1000;
    private JournalEntry _entry = null!;

    [GlobalSetup]
    public void Setup()
    {
        using JsonDocument payload = JsonDocument.Parse("""{"proposalId":"prp_1","capability":"files.write","arguments":{"path":"notes/a.md","content":"hello world"}}""");
        _entry = new JournalEntry("correlation/bench", JournalEventTypes.ProposalCreated, payload.RootElement, "bench");
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    public int PayloadHash()
    {
        int length = 0;
        for (int i = 0; i < Batch; i++)
        {
            length += JournalChain.ComputePayloadHash(_entry.Payload).Length;
        }

        return length;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public async Task<long> Append()
    {
        // A fresh journal per batch keeps memory flat however many iterations the job runs.
        var journal = new InMemoryJournal();
        JournalEvent last = null!;
        for (int i = 0; i < Batch; i++)
        {
            last = await journal.AppendAsync(_entry, CancellationToken.None);
        }

        return last.Sequence;
    }
}
