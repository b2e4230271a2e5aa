using System.Text.Json;

namespace OperatorOs.Shell;

/// <summary>The host's operator mode as its journal last recorded it: a host journals offline at start, and degraded, recovered and online as they happen.</summary>
/// <param name="Mode">online, offline or degraded.</param>
/// <param name="Reason">Why, as the host journaled it; <see langword="null"/> when nothing was journaled.</param>
/// <param name="Since">When the journal recorded the mode; <see langword="null"/> when nothing was journaled.</param>
/// <param name="Sequence">The journal event that recorded it; <see langword="null"/> when nothing was journaled.</param>
internal sealed record OperatorModeReading(string Mode, string? Reason, DateTimeOffset? Since, long? Sequence)
{
    /// <summary>Reads the latest operator status event; with none, the host ran online and was never degraded (or never started its hosted services).</summary>
    public static async Task<OperatorModeReading> ReadAsync(Journal journal, CancellationToken cancellationToken)
    {
        OperatorModeReading latest = new("online", null, null, null);
        await foreach (JournalEvent journalEvent in journal.ReadStreamAsync(JournalStreams.OperatorStatus, cancellationToken).ConfigureAwait(false))
        {
            string? mode = journalEvent.Type switch
            {
                JournalEventTypes.OperatorOffline => "offline",
                JournalEventTypes.OperatorDegraded => "degraded",
                JournalEventTypes.OperatorRecovered or JournalEventTypes.OperatorOnline => "online",
                _ => null,
            };
            if (mode is not null)
            {
                latest = new OperatorModeReading(mode, ReasonOf(journalEvent), journalEvent.Timestamp, journalEvent.Sequence);
            }
        }

        return latest;
    }

    // A payload retention dropped has no reason left to show.
    private static string? ReasonOf(JournalEvent journalEvent) =>
        journalEvent.Payload.ValueKind == JsonValueKind.Object && journalEvent.Payload.TryGetProperty("reason", out JsonElement reason) && reason.ValueKind == JsonValueKind.String
            ? reason.GetString()
            : null;
}
