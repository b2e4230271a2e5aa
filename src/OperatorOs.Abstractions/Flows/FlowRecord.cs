using System.Text.Json;
using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>One record of a flow instance's journal stream: an event of a type in <see cref="FlowEventTypes"/>, alone or inside a <see cref="FlowEventTypes.Checkpoint"/>.</summary>
/// <param name="Event">The journal event that holds the record.</param>
/// <param name="Type">The record's type, one of <see cref="FlowEventTypes"/>.</param>
/// <param name="Payload">The record's fields: the event's payload for a record alone, the record's object inside a checkpoint.</param>
/// <remarks>Readers of a flow stream (shells, audits, replays) read records rather than events, so schema 1 and 2 streams read alike.</remarks>
public readonly record struct FlowRecord(JournalEvent Event, string Type, JsonElement Payload)
{
    /// <summary>Gets the record's time: its own <c>"at"</c>, else the time its checkpoint was written, else the event's timestamp.</summary>
    public DateTimeOffset At =>
        Payload.ValueKind == JsonValueKind.Object && Payload.TryGetProperty("at", out JsonElement at) ? at.GetDateTimeOffset()
        : Event.Payload.ValueKind == JsonValueKind.Object && Event.Payload.TryGetProperty("at", out JsonElement written) ? written.GetDateTimeOffset()
        : Event.Timestamp;

    /// <summary>Lists the records an event holds, in order.</summary>
    /// <param name="journalEvent">An event of a flow stream.</param>
    /// <returns>The event itself as one record, or each record of a checkpoint; nothing when retention dropped a checkpoint's payload.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="journalEvent"/> is <see langword="null"/>.</exception>
    public static IEnumerable<FlowRecord> Read(JournalEvent journalEvent)
    {
        _ = Throw.IfNull(journalEvent);
        if (journalEvent.Type != FlowEventTypes.Checkpoint)
        {
            return [new FlowRecord(journalEvent, journalEvent.Type, journalEvent.Payload)];
        }

        if (journalEvent.Payload.ValueKind != JsonValueKind.Object || !journalEvent.Payload.TryGetProperty("records", out JsonElement records) || records.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var read = new List<FlowRecord>(records.GetArrayLength());
        foreach (JsonElement record in records.EnumerateArray())
        {
            read.Add(new FlowRecord(journalEvent, record.TryGetProperty("type", out JsonElement type) ? type.GetString() ?? string.Empty : string.Empty, record));
        }

        return read;
    }
}
