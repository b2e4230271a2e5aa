using System.Text.Json;

namespace OperatorOs;

/// <summary>Configures semantic routing: how close an intent must be to a route's exemplars, and how clearly it must prefer one route.</summary>
public class SemanticRoutingOptions
{
    /// <summary>Gets or sets the lowest cosine similarity to the best route's closest exemplar that routes an intent.</summary>
    /// <value>The default value is 0.3, tuned for the offline hashing embeddings; raise it for a semantic model.</value>
    public double Threshold { get; set; } = 0.3;

    /// <summary>Gets or sets how far the best route must score above the second best.</summary>
    /// <value>The default value is 0.05.</value>
    public double Margin { get; set; } = 0.05;

    /// <summary>Gets or sets how many candidates a decision records.</summary>
    /// <value>The default value is 3.</value>
    public int MaxCandidates { get; set; } = 3;

    /// <summary>Gets or sets how the text to route is taken from an intent; <see langword="null"/> text is not routed semantically.</summary>
    /// <value>By default: the payload when it is a string, else its <c>text</c>, or its <c>subject</c> and <c>body</c>.</value>
    public Func<Intent, string?> TextOf { get; set; } = DefaultTextOf;

    private static string? DefaultTextOf(Intent intent)
    {
        JsonElement payload = intent.Payload;
        if (payload.ValueKind == JsonValueKind.String)
        {
            return payload.GetString();
        }

        if (payload.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (payload.TryGetProperty("text", out JsonElement text) && text.ValueKind == JsonValueKind.String)
        {
            return text.GetString();
        }

        string? subject = payload.TryGetProperty("subject", out JsonElement s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        string? body = payload.TryGetProperty("body", out JsonElement b) && b.ValueKind == JsonValueKind.String ? b.GetString() : null;
        return subject is null && body is null ? null : $"{subject}\n{body}".Trim();
    }
}
