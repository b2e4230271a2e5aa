using System.Text;
using System.Text.Json;
using OperatorOs.Shared;

namespace OperatorOs.Connectors.Files.Internal;

/// <summary>Records completed operations durably under <c>.operatoros/ledger/&lt;sha256 of token&gt;.json</c>.</summary>
/// <remarks>Entries are written atomically, after the effect, so an entry exists only for operations that completed.</remarks>
internal sealed class OperationLedger
{
    private readonly string _directory;

    /// <summary>Initializes a new instance of the <see cref="OperationLedger"/> class.</summary>
    public OperationLedger(string directory)
    {
        _directory = directory;
    }

    /// <summary>Returns the recorded result of a token, or <see langword="null"/> when the ledger has none.</summary>
    /// <exception cref="InvalidDataException">The entry is damaged.</exception>
    public async Task<OperationResult?> TryReadAsync(OperationToken token, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(PathOf(token), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(bytes);
            JsonElement root = document.RootElement;
            var recordedToken = new OperationToken(root.GetProperty("token").GetString()!);
            if (recordedToken != token)
            {
                throw new InvalidDataException($"The ledger entry of token '{token}' belongs to another token.");
            }

            return new OperationResult(
                recordedToken,
                root.GetProperty("capability").GetString()!,
                root.GetProperty("output").Clone(),
                root.GetProperty("summary").GetString()!,
                root.GetProperty("completedAt").GetDateTimeOffset());
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new InvalidDataException($"The ledger entry of token '{token}' is damaged.", ex);
        }
    }

    /// <summary>Records a result atomically, replacing any earlier entry of its token.</summary>
    public Task WriteAsync(OperationResult result, CancellationToken cancellationToken)
    {
        byte[] bytes = JsonOutput.BuildBytes(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("token", result.Token.Value);
            writer.WriteString("capability", result.Capability);
            writer.WriteString("summary", result.Summary);
            writer.WriteString("completedAt", result.CompletedAt);
            writer.WritePropertyName("output");
            result.Output.WriteTo(writer);
            writer.WriteEndObject();
        });
        return AtomicFile.WriteAsync(PathOf(result.Token), bytes, cancellationToken);
    }

    /// <summary>Returns the file that holds a token's entry.</summary>
    public string PathOf(OperationToken token) =>
        Path.Combine(_directory, ContentHash.Of(Encoding.UTF8.GetBytes(token.Value)) + ".json");
}
