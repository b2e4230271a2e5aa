using System.Text;
using System.Text.Json;

namespace OperatorOs.Shell;

/// <summary>How journal events are shown: one readable line each, or their JSON form.</summary>
internal static class JournalView
{
    private const int SummaryWidth = 120;

    public static string Line(JournalEvent e) =>
        $"#{e.Sequence,-6} {Display.Time(e.Timestamp)}  {e.Type,-26} {e.Stream}  {Summary(e.Payload)}".TrimEnd();

    public static void Write(Utf8JsonWriter w, JournalEvent e)
    {
        w.WriteStartObject();
        w.WriteNumber("sequence", e.Sequence);
        w.WriteString("timestamp", e.Timestamp);
        w.WriteString("stream", e.Stream);
        w.WriteString("type", e.Type);
        w.WriteString("correlationId", e.CorrelationId);
        w.WritePropertyName("payload");
        if (e.Payload.ValueKind == JsonValueKind.Undefined)
        {
            w.WriteNullValue();
        }
        else
        {
            e.Payload.WriteTo(w);
        }

        w.WriteString("payloadHash", e.PayloadHash);
        w.WriteString("previousHash", e.PreviousHash);
        w.WriteString("hash", e.Hash);
        w.WriteEndObject();
    }

    /// <summary>Lists a payload's scalar fields as key=value; nested values are left to <c>--json</c>.</summary>
    private static string Summary(JsonElement payload)
    {
        if (payload.ValueKind == JsonValueKind.Undefined)
        {
            return "(payload pruned)";
        }

        if (payload.ValueKind != JsonValueKind.Object)
        {
            return Display.Json(payload, SummaryWidth);
        }

        var text = new StringBuilder();
        foreach (JsonProperty property in payload.EnumerateObject())
        {
            string? value = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                _ => null,
            };
            if (value is not null)
            {
                _ = text.Append(property.Name).Append('=').Append(Display.Shorten(Display.OneLine(value), 40)).Append(' ');
            }
        }

        return Display.Shorten(text.ToString().TrimEnd(), SummaryWidth);
    }
}
