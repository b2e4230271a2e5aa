using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace OperatorOs.Shell;

/// <summary>Formats values for readable output: UTC times, compact JSON, one-line and shortened text.</summary>
internal static class Display
{
    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset? value) => value is { } v ? Time(v) : "-";

    public static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Json(JsonElement value, int maxLength = int.MaxValue) =>
        value.ValueKind == JsonValueKind.Undefined ? "(none)" : Shorten(Write(value, Compact), maxLength);

    public static string PrettyJson(JsonElement value) =>
        value.ValueKind == JsonValueKind.Undefined ? "(none)" : Write(value, Indented);

    public static string Shorten(string text, int maxLength) =>
        text.Length <= maxLength ? text : string.Concat(text.AsSpan(0, Math.Max(0, maxLength - 1)), "…");

    public static string OneLine(string text) => text.Contains('\n', StringComparison.Ordinal) || text.Contains('\r', StringComparison.Ordinal)
        ? text.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\n', ' ').Replace('\r', ' ')
        : text;

    public static string Plural(long count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    private static string Write(JsonElement value, JsonWriterOptions options)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            value.WriteTo(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
