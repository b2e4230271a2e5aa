using System.Text.Json;

namespace OperatorOs;

/// <summary>Represents an event as stored in the journal, with its place in the global sequence and in the hash chain.</summary>
/// <param name="Sequence">The event's position in the journal, starting at 1.</param>
/// <param name="Stream">The stream the event belongs to.</param>
/// <param name="Type">The event type.</param>
/// <param name="Payload">The event data; <see cref="JsonValueKind.Undefined"/> once retention dropped it (the hash stays).</param>
/// <param name="CorrelationId">The correlation id, if any.</param>
/// <param name="Timestamp">When the event was appended.</param>
/// <param name="PayloadHash">The SHA-256 of the payload's UTF-8 JSON, hex-encoded.</param>
/// <param name="PreviousHash">The hash of the previous event, or the genesis hash for the first.</param>
/// <param name="Hash">The event's chain hash; see <see cref="JournalChain"/>.</param>
public sealed record JournalEvent(
    long Sequence,
    string Stream,
    string Type,
    JsonElement Payload,
    string? CorrelationId,
    DateTimeOffset Timestamp,
    string PayloadHash,
    string PreviousHash,
    string Hash);
