using System.Text.Json;

namespace OperatorOs;

/// <summary>Writes an intent's fields into a JSON object and reads them back: the agent-run checkpoint and the deferred-intent record keep intents this way, and the shell lists them so.</summary>
/// <remarks>The two records name the id differently (<c>id</c>, <c>intentId</c>), as they always have; the rest is the same. An intent without a payload is written as null.</remarks>
internal static class IntentJson
{
    public static void WriteFields(Utf8JsonWriter w, Intent intent, string idName)
    {
        w.WriteString(idName, intent.Id);
        w.WriteString("name", intent.Name);
        w.WriteString("source", intent.Source);
        w.WriteString("trust", intent.Trust.ToString());
        w.WriteString("correlationId", intent.CorrelationId);
        w.WriteString("createdAt", intent.CreatedAt);
        w.WritePropertyName("payload");
        if (intent.Payload.ValueKind == JsonValueKind.Undefined)
        {
            w.WriteNullValue();
        }
        else
        {
            intent.Payload.WriteTo(w);
        }
    }

    /// <exception cref="KeyNotFoundException">A field is missing.</exception>
    /// <exception cref="InvalidOperationException">A field has the wrong JSON type.</exception>
    /// <exception cref="ArgumentException">The trust level is unknown.</exception>
    public static Intent Read(JsonElement fields, string idName)
    {
        JsonElement payload = fields.GetProperty("payload");
        return new Intent(
            fields.GetProperty(idName).GetString()!,
            fields.GetProperty("name").GetString()!,
            payload.ValueKind == JsonValueKind.Null ? default : payload,
            fields.GetProperty("source").GetString()!,
            Enum.Parse<TrustLevel>(fields.GetProperty("trust").GetString()!),
            fields.GetProperty("correlationId").GetString()!,
            fields.GetProperty("createdAt").GetDateTimeOffset());
    }
}
