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
    /// <exception cref="ArgumentException"><paramref name="stream"/> or <paramref name="type"/> is null or empty, or a name contains a control character or a lone surrogate.</exception>
    public JournalEntry(string stream, string type, JsonElement payload, string? correlationId = null)
    {
        Stream = CheckName(Throw.IfNullOrWhitespace(stream), nameof(stream));
        Type = CheckName(Throw.IfNullOrWhitespace(type), nameof(type));
        Payload = payload.ValueKind == JsonValueKind.Undefined ? default : payload.Clone();
        CorrelationId = correlationId is null ? null : CheckName(correlationId, nameof(correlationId));
    }

    /// <summary>Gets the stream the event belongs to.</summary>
    public string Stream { get; }

    /// <summary>Gets the event type.</summary>
    public string Type { get; }

    /// <summary>Gets the event data.</summary>
    public JsonElement Payload { get; }

    /// <summary>Gets the correlation id, if any.</summary>
    public string? CorrelationId { get; }

    /// <summary>Checks the names of an event appended without an entry, as the constructor does.</summary>
    internal static void CheckNames(string stream, string type, string? correlationId)
    {
        _ = CheckName(Throw.IfNullOrWhitespace(stream), nameof(stream));
        _ = CheckName(Throw.IfNullOrWhitespace(type), nameof(type));
        if (correlationId is not null)
        {
            _ = CheckName(correlationId, nameof(correlationId));
        }
    }

    private static string CheckName(string value, string paramName)
    {
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (char.IsControl(c))
            {
                throw new ArgumentException($"Journal {paramName} names may not contain control characters; found U+{(int)c:X4} at index {i}.", paramName);
            }

            if (char.IsSurrogate(c) && !(char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[++i])))
            {
                throw new ArgumentException($"Journal {paramName} names must be valid UTF-16; found a lone surrogate at index {i}.", paramName);
            }
        }

        return value;
    }
}
