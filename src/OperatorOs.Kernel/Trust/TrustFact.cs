using System.Text.Json;

namespace OperatorOs;

/// <summary>Maps a standing to and from its memory Fact: entity <c>agent/&lt;name&gt;</c>, attribute <c>trust/&lt;capability&gt;</c>, written and read without reflection.</summary>
internal static class TrustFact
{
    public const string EntityPrefix = "agent/";
    public const string AttributePrefix = "trust/";

    public static string EntityOf(string agent) => EntityPrefix + agent;

    public static string AttributeOf(string capability) => AttributePrefix + capability;

    public static bool IsTrustRecord(MemoryRecord record) =>
        record.Kind == MemoryKind.Fact
        && record.Entity.StartsWith(EntityPrefix, StringComparison.Ordinal)
        && record.Attribute.StartsWith(AttributePrefix, StringComparison.Ordinal);

    public static JsonElement ToJson(TrustStanding standing) => JsonPayload.Object(standing, static (w, s) =>
    {
        w.WriteString("level", s.Level.ToString());
        w.WriteNumber("consecutiveCleanApprovals", s.ConsecutiveCleanApprovals);
        w.WriteBoolean("promotionSuggested", s.PromotionSuggested);
    });

    /// <summary>Reads the level of a recorded standing; <see langword="false"/> when the value holds no defined level.</summary>
    public static bool TryReadLevel(JsonElement value, out AgentTrustLevel level)
    {
        if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("level", out JsonElement l) && l.ValueKind == JsonValueKind.String
            && Enum.TryParse(l.GetString(), ignoreCase: false, out level) && Enum.IsDefined(level))
        {
            return true;
        }

        level = default;
        return false;
    }

    /// <summary>Reads a recorded standing; a value the ladder cannot read falls back to <paramref name="fallback"/>, never to a higher level.</summary>
    public static TrustStanding FromRecord(MemoryRecord record, AgentTrustLevel fallback)
    {
        string agent = record.Entity[EntityPrefix.Length..];
        string capability = record.Attribute[AttributePrefix.Length..];
        JsonElement value = record.Value;
        AgentTrustLevel level = fallback;
        int count = 0;
        bool suggested = false;
        if (TryReadLevel(value, out AgentTrustLevel parsed))
        {
            level = parsed;
        }

        if (value.ValueKind == JsonValueKind.Object)
        {
            if (value.TryGetProperty("consecutiveCleanApprovals", out JsonElement c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out int n) && n >= 0)
            {
                count = n;
            }

            suggested = value.TryGetProperty("promotionSuggested", out JsonElement s) && s.ValueKind == JsonValueKind.True;
        }

        return new TrustStanding(agent, capability, level)
        {
            ConsecutiveCleanApprovals = count,
            PromotionSuggested = suggested,
            Version = record.Version,
            RecordedAt = record.RecordedAt,
        };
    }
}
