using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OperatorOs;
using TeachingAssistant.Hosting;
using TeachingAssistant.Reporting;

namespace TeachingAssistant.Tests;

/// <summary>What the three stores hold after a run: the billing ledger, the document store's operation ledger, the journal's events, the effects it records (one per operation token: a replayed token completes again in the journal, not in the connector), and the flows' starts and events.</summary>
internal sealed record StoreSnapshot(LedgerSnapshot Ledger, int FileOperations, int FileVersions, long JournalEvents, int CompletedEffects, int FlowStarts, long FlowEvents)
{
    private static readonly HashSet<string> Reads = new(StringComparer.Ordinal) { "files.read", "files.list", "files.history", "billing.balance" };

    public static async Task<StoreSnapshot> TakeAsync(SemesterOptions options, CancellationToken cancellationToken)
    {
        long events = 0, flowEvents = 0;
        int flowStarts = 0;
        var effects = new HashSet<string>(StringComparer.Ordinal);
        var flowStepsStarted = new HashSet<string>(StringComparer.Ordinal);
        using (IHost host = SemesterHost.Build(options, TextWriter.Null))
        {
            await foreach (JournalEvent e in host.Services.GetRequiredService<Journal>().ReadAsync(1, cancellationToken))
            {
                events++;
                flowEvents += e.Type.StartsWith("flow.", StringComparison.Ordinal) ? 1 : 0;
                if (e.Stream.StartsWith("flow/", StringComparison.Ordinal))
                {
                    // A flow step that ran at once: its step-started record announces the token (its proposal id), its step-completed record the effect.
                    foreach (FlowRecord record in FlowRecord.Read(e))
                    {
                        flowStarts += record.Type == FlowEventTypes.Started ? 1 : 0;
                        if (record.Payload.TryGetProperty("proposalId", out System.Text.Json.JsonElement id) && id.GetString() is { } token)
                        {
                            if (record.Type == FlowEventTypes.StepStarted)
                            {
                                flowStepsStarted.Add(token);
                            }
                            else if (record.Type == FlowEventTypes.StepCompleted && flowStepsStarted.Contains(token) && !Reads.Contains(record.Payload.GetProperty("capability").GetString()!))
                            {
                                effects.Add(token);
                            }
                        }
                    }
                }
                else if (e.Type == JournalEventTypes.ActionCompleted && !Reads.Contains(e.Payload.GetProperty("capability").GetString()!))
                {
                    effects.Add(e.Payload.GetProperty("token").GetString()!);
                }
            }
        }

        string store = Path.Combine(options.FilesRoot, ".operatoros");
        return new StoreSnapshot(
            LedgerSnapshot.Read(options.LedgerPath),
            Directory.EnumerateFiles(Path.Combine(store, "ledger"), "*", SearchOption.AllDirectories).Count(),
            Directory.EnumerateFiles(Path.Combine(store, "objects"), "*", SearchOption.AllDirectories).Count(),
            events,
            effects.Count,
            flowStarts,
            flowEvents);
    }
}
