using System.Text.Json;

namespace OperatorOs.Shell;

/// <summary>The JSON form of memory records, with their bi-temporal times and provenance.</summary>
internal static class MemoryView
{
    public static void Write(Utf8JsonWriter w, MemoryRecord r, double? score = null)
    {
        w.WriteStartObject();
        if (score is { } s)
        {
            w.WriteNumber("score", s);
        }

        w.WriteString("entity", r.Entity);
        w.WriteString("attribute", r.Attribute);
        w.WriteString("kind", r.Kind.ToString());
        w.WriteNumber("version", r.Version);
        w.WritePropertyName("value");
        if (r.Value.ValueKind == JsonValueKind.Undefined)
        {
            w.WriteNullValue();
        }
        else
        {
            r.Value.WriteTo(w);
        }

        w.WriteString("validFrom", r.ValidFrom);
        if (r.ValidTo is { } validTo)
        {
            w.WriteString("validTo", validTo);
        }
        else
        {
            w.WriteNull("validTo");
        }

        w.WriteString("recordedAt", r.RecordedAt);
        w.WriteStartObject("provenance");
        w.WriteString("actorKind", r.Provenance.ActorKind.ToString());
        w.WriteString("actor", r.Provenance.Actor);
        w.WriteString("modelId", r.Provenance.ModelId);
        w.WriteString("approvalId", r.Provenance.ApprovalId);
        w.WriteStartArray("inputs");
        foreach (string input in r.Provenance.InputReferences)
        {
            w.WriteStringValue(input);
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static string Actor(Provenance provenance) => $"{provenance.Actor} ({provenance.ActorKind})";
}
