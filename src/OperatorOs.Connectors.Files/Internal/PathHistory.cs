using System.Text;
using System.Text.Json;
using OperatorOs.Shared;

namespace OperatorOs.Connectors.Files.Internal;

/// <summary>Keeps a per-path log of changes under <c>.operatoros/history/&lt;sha256 of path&gt;.json</c>, oldest first.</summary>
/// <remarks>The log is rewritten atomically on each change, and appending is idempotent per token: a retried operation never adds a second entry.</remarks>
internal sealed class PathHistory
{
    private readonly string _directory;

    /// <summary>Initializes a new instance of the <see cref="PathHistory"/> class.</summary>
    public PathHistory(string directory)
    {
        _directory = directory;
    }

    /// <summary>Reads a path's history, oldest first; empty when the path has none.</summary>
    /// <exception cref="InvalidDataException">The log is damaged.</exception>
    public async Task<IReadOnlyList<HistoryEntry>> ReadAsync(string relativePath, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(PathOf(relativePath), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return [];
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(bytes);
            JsonElement root = document.RootElement;
            if (!string.Equals(root.GetProperty("path").GetString(), relativePath, StringComparison.Ordinal))
            {
                throw new InvalidDataException($"The history log of '{relativePath}' belongs to another path.");
            }

            var entries = new List<HistoryEntry>();
            foreach (JsonElement item in root.GetProperty("entries").EnumerateArray())
            {
                entries.Add(new HistoryEntry(
                    item.GetProperty("operation").GetString()!,
                    item.GetProperty("version").GetString(),
                    item.GetProperty("previousVersion").GetString(),
                    item.GetProperty("size").GetInt64(),
                    item.GetProperty("token").GetString()!,
                    item.GetProperty("recordedAt").GetDateTimeOffset()));
            }

            return entries;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"The history log of '{relativePath}' is damaged.", ex);
        }
    }

    /// <summary>Appends an entry unless the history already holds one with the same token.</summary>
    /// <returns>The entry recorded for the token: <paramref name="entry"/>, or the one recorded earlier.</returns>
    public async Task<HistoryEntry> AppendAsync(string relativePath, HistoryEntry entry, CancellationToken cancellationToken)
    {
        IReadOnlyList<HistoryEntry> entries = await ReadAsync(relativePath, cancellationToken).ConfigureAwait(false);
        HistoryEntry? existing = FindByToken(entries, entry.Token);
        if (existing is not null)
        {
            return existing;
        }

        byte[] bytes = JsonOutput.BuildBytes(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("path", relativePath);
            writer.WriteStartArray("entries");
            foreach (HistoryEntry item in entries.Append(entry))
            {
                writer.WriteStartObject();
                writer.WriteString("operation", item.Operation);
                writer.WriteString("version", item.Version);
                writer.WriteString("previousVersion", item.PreviousVersion);
                writer.WriteNumber("size", item.Size);
                writer.WriteString("token", item.Token);
                writer.WriteString("recordedAt", item.RecordedAt);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
        await AtomicFile.WriteAsync(PathOf(relativePath), bytes, cancellationToken).ConfigureAwait(false);
        return entry;
    }

    /// <summary>Returns the entry an operation token recorded, if any.</summary>
    public static HistoryEntry? FindByToken(IReadOnlyList<HistoryEntry> entries, string token)
    {
        foreach (HistoryEntry entry in entries)
        {
            if (string.Equals(entry.Token, token, StringComparison.Ordinal))
            {
                return entry;
            }
        }

        return null;
    }

    private string PathOf(string relativePath) =>
        Path.Combine(_directory, ContentHash.Of(Encoding.UTF8.GetBytes(relativePath)) + ".json");
}
