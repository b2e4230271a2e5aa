using System.Text.Json;
using OperatorOs.Connectors.Files.Internal;
using OperatorOs.Shared;

namespace OperatorOs.Connectors.Files;

/// <content>The capabilities with an effect: <c>files.write</c> and <c>files.delete</c>.</content>
/// <remarks>
/// <para>Crash safety. An effect runs in this order: (1) the new bytes go into the content-addressed object store,
/// (2) the target file is replaced atomically (or deleted), (3) the path's history gets an entry carrying the token,
/// (4) the ledger gets the result. Each step is atomic and safe to repeat, and the ledger entry is written last, so a
/// crash at any point leaves either a ledger entry (the retry returns it and does nothing) or no ledger entry (the retry
/// runs the operation again):</para>
/// <list type="bullet">
/// <item>Crash before (2): nothing visible changed; the retry performs the effect.</item>
/// <item>Crash between (2) and (3): the file already holds the new bytes. The retry computes the same version from the
/// same bytes, finds the file already at that version, accepts that as the effect having happened (even when
/// <c>expectedVersion</c> named the old version) and records the history entry; the only loss is that the result
/// then reports the new version as <c>previousVersion</c>.</item>
/// <item>Crash between (3) and (4): the history already holds an entry with this token. The retry rebuilds the result from
/// that entry and writes the ledger; it neither touches the file nor appends a second entry.</item>
/// </list>
/// <para>Cancellation is honoured until the file is replaced; after that the operation runs to completion so the history and
/// ledger always catch up with the effect.</para>
/// </remarks>
public sealed partial class FilesConnector
{
    private async Task<OperationResult> ExecuteEffectAsync(OperationRequest request, FilesArguments arguments, CancellationToken cancellationToken)
    {
        OperationResult? recorded = await _ledger.TryReadAsync(request.Token, cancellationToken).ConfigureAwait(false);
        if (recorded is not null)
        {
            EnsureSameOperation(request, arguments, recorded);
            return recorded;
        }

        CheckExistingComponents(request.Capability, "path", arguments.Path);
        EnsureStore();

        IReadOnlyList<HistoryEntry> history = await _history.ReadAsync(arguments.Path, cancellationToken).ConfigureAwait(false);
        HistoryEntry? done = PathHistory.FindByToken(history, request.Token.Value);
        OperationResult result = done is not null
            ? ResultOf(request, arguments, done)
            : request.Capability == WriteCapability
                ? await WriteAsync(request, arguments, cancellationToken).ConfigureAwait(false)
                : await DeleteAsync(request, arguments, history, cancellationToken).ConfigureAwait(false);

        await _ledger.WriteAsync(result, CancellationToken.None).ConfigureAwait(false);
        return result;
    }

    private async Task<OperationResult> WriteAsync(OperationRequest request, FilesArguments arguments, CancellationToken cancellationToken)
    {
        if (Directory.Exists(arguments.FullPath))
        {
            throw new ConnectorException(Name, $"'{arguments.Path}' is a directory, not a file", isTransient: false);
        }

        byte[] content = arguments.Content!;
        string version = ContentHash.Of(content);

        // Keep the current bytes too (they may have been written outside the connector), so previousVersion stays readable.
        string? previous = File.Exists(arguments.FullPath)
            ? (await _objects.StoreFileAsync(arguments.FullPath, cancellationToken).ConfigureAwait(false)).Version
            : null;

        // previous == version means the file already holds these bytes: a retry after a crash, or a write that changes nothing.
        if (arguments.ExpectedVersion is not null && previous != arguments.ExpectedVersion && previous != version)
        {
            string actual = previous is null ? "does not exist" : $"is at version {previous}";
            throw new ConnectorException(Name, $"'{arguments.Path}' {actual}, not the expected version {arguments.ExpectedVersion}; read it again and retry with the current version; nothing was written", isTransient: false);
        }

        await _objects.StoreAsync(version, content, cancellationToken).ConfigureAwait(false);
        if (previous != version)
        {
            await AtomicFile.WriteAsync(arguments.FullPath, content, cancellationToken).ConfigureAwait(false);
        }

        // The effect happened: from here on, finish without honouring cancellation.
        var entry = new HistoryEntry(FilesConnectorConstants.WriteOperation, version, previous, content.Length, request.Token.Value, _timeProvider.GetUtcNow());
        entry = await _history.AppendAsync(arguments.Path, entry, CancellationToken.None).ConfigureAwait(false);
        return ResultOf(request, arguments, entry);
    }

    private async Task<OperationResult> DeleteAsync(OperationRequest request, FilesArguments arguments, IReadOnlyList<HistoryEntry> history, CancellationToken cancellationToken)
    {
        if (Directory.Exists(arguments.FullPath))
        {
            throw new ConnectorException(Name, $"'{arguments.Path}' is a directory; only files can be deleted", isTransient: false);
        }

        string? deleted;
        long size;
        if (File.Exists(arguments.FullPath))
        {
            // Keep the bytes before deleting, so the deleted version stays readable through files.read with a version.
            (deleted, size) = await _objects.StoreFileAsync(arguments.FullPath, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            File.Delete(arguments.FullPath);
        }
        else if (history.Count == 0 || history[^1].Operation == FilesConnectorConstants.DeleteOperation)
        {
            // Nothing to delete and nothing the history would miss: report success without recording a change.
            return ResultOf(request, arguments, new HistoryEntry(FilesConnectorConstants.DeleteOperation, null, null, 0, request.Token.Value, _timeProvider.GetUtcNow()));
        }
        else
        {
            // The history says the file exists but it is gone: this token deleted it before a crash (or something outside
            // the connector did). Report and record the last known version, which is what the first attempt reported.
            (deleted, size) = (history[^1].Version, history[^1].Size);
        }

        var entry = new HistoryEntry(FilesConnectorConstants.DeleteOperation, deleted, deleted, size, request.Token.Value, _timeProvider.GetUtcNow());
        entry = await _history.AppendAsync(arguments.Path, entry, CancellationToken.None).ConfigureAwait(false);
        return ResultOf(request, arguments, entry);
    }

    private OperationResult ResultOf(OperationRequest request, FilesArguments arguments, HistoryEntry entry)
    {
        JsonElement output;
        string summary;
        if (entry.Operation == FilesConnectorConstants.WriteOperation)
        {
            output = JsonOutput.Build(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("path", arguments.Path);
                writer.WriteString("version", entry.Version);
                writer.WriteNumber("size", entry.Size);
                writer.WriteString("previousVersion", entry.PreviousVersion);
                writer.WriteEndObject();
            });
            summary = entry.PreviousVersion is null
                ? $"Created '{arguments.Path}' ({entry.Size} bytes, version {ContentHash.Short(entry.Version)})."
                : $"Wrote '{arguments.Path}' ({entry.Size} bytes, version {ContentHash.Short(entry.Version)}, was {ContentHash.Short(entry.PreviousVersion)}).";
        }
        else
        {
            output = JsonOutput.Build(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("path", arguments.Path);
                writer.WriteString("deletedVersion", entry.Version);
                writer.WriteEndObject();
            });
            summary = entry.Version is null
                ? $"'{arguments.Path}' did not exist; nothing was deleted."
                : $"Deleted '{arguments.Path}' (version {ContentHash.Short(entry.Version)}); its history is kept.";
        }

        return Result(request, output, summary, entry.RecordedAt);
    }

    private void EnsureSameOperation(OperationRequest request, FilesArguments arguments, OperationResult recorded)
    {
        string? recordedPath = recorded.Output.ValueKind == JsonValueKind.Object && recorded.Output.TryGetProperty("path", out JsonElement path)
            ? path.GetString()
            : null;
        if (recorded.Capability != request.Capability || recordedPath != arguments.Path)
        {
            throw new ConnectorException(Name, $"the token '{request.Token}' already completed {recorded.Capability} on '{recordedPath}'; a token names exactly one operation", isTransient: false);
        }
    }

    private void EnsureStore()
    {
        if (Directory.Exists(_storeDirectory) && (File.GetAttributes(_storeDirectory) & FileAttributes.ReparsePoint) != 0)
        {
            throw new ConnectorException(Name, $"the hidden store '{FilesConnectorConstants.StoreDirectoryName}' is a symbolic link or reparse point; refusing to write through it", isTransient: false);
        }

        _ = Directory.CreateDirectory(_storeDirectory);
    }
}
