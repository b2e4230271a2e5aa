using System.Text.Json;
using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>Represents an event to append to the journal.</summary>
public sealed class JournalEntry
{
    /// <summary>Initializes a new instance of the <see cref="JournalEntry"/> class.</summary>
    /// <param name="stream">The stream the event belongs to, for example <c>correlation/42</c> or <c>agent/triage</c>.</param>
    /// <param name="type">The event type, for example <c>policy.decided</c>; see <see cref="JournalEventTypes"/>.</param>
    /// <param name="payload">The event data as JSON.</param>
    /// <param name="correlationId">The correlation id that ties the event to an intent, if any.</param>
    /// <exception cref="ArgumentException"><paramref name="stream"/> or <paramref name="type"/> is null or empty.</exception>
    public JournalEntry(string stream, string type, JsonElement payload, string? correlationId = null)
    {
        Stream = Throw.IfNullOrWhitespace(stream);
        Type = Throw.IfNullOrWhitespace(type);
        Payload = payload.ValueKind == JsonValueKind.Undefined ? default : payload.Clone();
        CorrelationId = correlationId;
    }

    /// <summary>Gets the stream the event belongs to.</summary>
    public string Stream { get; }

    /// <summary>Gets the event type.</summary>
    public string Type { get; }

    /// <summary>Gets the event data.</summary>
    public JsonElement Payload { get; }

    /// <summary>Gets the correlation id, if any.</summary>
    public string? CorrelationId { get; }
}
