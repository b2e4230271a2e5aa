namespace OperatorOs.Connectors.Files.Internal;

/// <summary>Replaces files atomically: write a temporary file in the same directory, flush it to disk, then rename it over the target.</summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> so readers see the old or the new content, never a mix.</summary>
    /// <remarks>Cancellation is honoured until the rename; once the rename happened the write is complete.</remarks>
    public static async Task WriteAsync(string path, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        string directory = Path.GetDirectoryName(path)!;
        _ = Directory.CreateDirectory(directory);
        string temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}{FilesConnectorConstants.TempFileSuffix}");
        try
        {
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 4096, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            cancellationToken.ThrowIfCancellationRequested();
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Deletes a file, ignoring failures; used to clean up temporary files.</summary>
    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a leftover temporary file is harmless and listings skip it.
        }
        catch (UnauthorizedAccessException)
        {
            // Best effort, as above.
        }
    }
}
