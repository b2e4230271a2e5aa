using System.Text;
using System.Text.Json;
using OperatorOs.Connectors.Files.Internal;
using OperatorOs.Shared;

namespace OperatorOs.Connectors.Files;

/// <content>The read capabilities: <c>files.read</c>, <c>files.list</c> and <c>files.history</c>.</content>
public sealed partial class FilesConnector
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private async Task<OperationResult> ReadAsync(OperationRequest request, FilesArguments arguments, CancellationToken cancellationToken)
    {
        CheckExistingComponents(request.Capability, "path", arguments.Path);
        byte[] bytes;
        string version;
        if (arguments.Version is null)
        {
            bytes = await ReadCurrentAsync(arguments, cancellationToken).ConfigureAwait(false);
            version = ContentHash.Of(bytes);
        }
        else
        {
            version = arguments.Version;
            bytes = await ReadVersionAsync(arguments, version, cancellationToken).ConfigureAwait(false);
        }

        string content;
        try
        {
            content = s_strictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new ConnectorException(Name, $"'{arguments.Path}' is not UTF-8 text", isTransient: false, ex);
        }

        JsonElement output = JsonOutput.Build(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("path", arguments.Path);
            writer.WriteString("content", content);
            writer.WriteString("version", version);
            writer.WriteNumber("size", bytes.Length);
            writer.WriteEndObject();
        });
        string which = arguments.Version is null ? string.Empty : $" at version {ContentHash.Short(version)}";
        return Result(request, output, $"Read '{arguments.Path}'{which} ({bytes.Length} bytes).", _timeProvider.GetUtcNow());
    }

    private async Task<byte[]> ReadCurrentAsync(FilesArguments arguments, CancellationToken cancellationToken)
    {
        var info = new FileInfo(arguments.FullPath);
        if (!info.Exists)
        {
            string problem = Directory.Exists(arguments.FullPath) ? "is a directory, not a file" : "does not exist";
            throw new ConnectorException(Name, $"'{arguments.Path}' {problem}", isTransient: false);
        }

        if (info.Length > _maxFileBytes)
        {
            throw new ConnectorException(Name, $"'{arguments.Path}' is {info.Length} bytes, more than the limit of {_maxFileBytes} bytes", isTransient: false);
        }

        try
        {
            return await File.ReadAllBytesAsync(arguments.FullPath, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ConnectorException(Name, $"'{arguments.Path}' does not exist", isTransient: false, ex);
        }
    }

    private async Task<byte[]> ReadVersionAsync(FilesArguments arguments, string version, CancellationToken cancellationToken)
    {
        // Only versions that belong to this path are readable through it: ones its history recorded, or its current content.
        IReadOnlyList<HistoryEntry> history = await _history.ReadAsync(arguments.Path, cancellationToken).ConfigureAwait(false);
        bool known = history.Any(e => e.Version == version || e.PreviousVersion == version);
        if (known && await _objects.TryReadAsync(version, cancellationToken).ConfigureAwait(false) is { } stored)
        {
            return stored;
        }

        if (File.Exists(arguments.FullPath))
        {
            byte[] current = await ReadCurrentAsync(arguments, cancellationToken).ConfigureAwait(false);
            if (string.Equals(ContentHash.Of(current), version, StringComparison.Ordinal))
            {
                return current;
            }
        }

        throw new ConnectorException(Name, $"'{arguments.Path}' has no version {version}; see files.history for its versions", isTransient: false);
    }

    private async Task<OperationResult> ListAsync(OperationRequest request, FilesArguments arguments, CancellationToken cancellationToken)
    {
        CheckExistingComponents(request.Capability, "directory", arguments.Path);
        var entries = new List<(string Path, long Size, string Version)>();
        if (Directory.Exists(arguments.FullPath))
        {
            await CollectAsync(new DirectoryInfo(arguments.FullPath), arguments.Path, entries, cancellationToken).ConfigureAwait(false);
        }
        else if (arguments.Path.Length > 0)
        {
            string problem = File.Exists(arguments.FullPath) ? "is a file, not a directory" : "does not exist";
            throw new ConnectorException(Name, $"the directory '{arguments.Path}' {problem}", isTransient: false);
        }

        entries.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        JsonElement output = JsonOutput.Build(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("directory", arguments.Path);
            writer.WriteStartArray("entries");
            foreach ((string path, long size, string version) in entries)
            {
                writer.WriteStartObject();
                writer.WriteString("path", path);
                writer.WriteNumber("size", size);
                writer.WriteString("version", version);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
        string where = arguments.Path.Length == 0 ? "the root" : $"'{arguments.Path}'";
        return Result(request, output, $"Listed {entries.Count} files under {where}.", _timeProvider.GetUtcNow());
    }

    private async Task CollectAsync(DirectoryInfo directory, string relative, List<(string Path, long Size, string Version)> entries, CancellationToken cancellationToken)
    {
        // Links are skipped, never followed; names the path rules reject (and the hidden store) are left out,
        // so every listed path can be passed to the other capabilities.
        var options = new EnumerationOptions
        {
            AttributesToSkip = FileAttributes.ReparsePoint,
            IgnoreInaccessible = true,
            RecurseSubdirectories = false,
            ReturnSpecialDirectories = false,
        };
        foreach (FileSystemInfo item in directory.EnumerateFileSystemInfos("*", options))
        {
            cancellationToken.ThrowIfCancellationRequested();
            string path = relative.Length == 0 ? item.Name : relative + "/" + item.Name;
            if (FilePathRules.FindProblem(path) is not null)
            {
                continue;
            }

            if (item is DirectoryInfo subdirectory)
            {
                await CollectAsync(subdirectory, path, entries, cancellationToken).ConfigureAwait(false);
                continue;
            }

            FileStream stream;
            try
            {
                stream = new FileStream(item.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
            }
            catch (FileNotFoundException)
            {
                continue; // Deleted while listing.
            }

            await using (stream.ConfigureAwait(false))
            {
                string version = await ContentHash.OfAsync(stream, cancellationToken).ConfigureAwait(false);
                entries.Add((path, stream.Length, version));
            }
        }
    }

    private async Task<OperationResult> HistoryAsync(OperationRequest request, FilesArguments arguments, CancellationToken cancellationToken)
    {
        IReadOnlyList<HistoryEntry> history = await _history.ReadAsync(arguments.Path, cancellationToken).ConfigureAwait(false);
        JsonElement output = JsonOutput.Build(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("path", arguments.Path);
            writer.WriteStartArray("versions");
            foreach (HistoryEntry entry in history)
            {
                writer.WriteStartObject();
                writer.WriteString("operation", entry.Operation);
                writer.WriteString("version", entry.Version);
                writer.WriteString("previousVersion", entry.PreviousVersion);
                writer.WriteNumber("size", entry.Size);
                writer.WriteString("token", entry.Token);
                writer.WriteString("recordedAt", entry.RecordedAt);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
        return Result(request, output, $"Found {history.Count} recorded changes of '{arguments.Path}'.", _timeProvider.GetUtcNow());
    }
}
