using System.Security.Cryptography;

namespace OperatorOs.Connectors.Files.Internal;

/// <summary>Keeps every version's bytes under <c>.operatoros/objects/&lt;version&gt;</c>; content-addressed, so storing twice is harmless.</summary>
internal sealed class ObjectStore
{
    private readonly string _directory;

    /// <summary>Initializes a new instance of the <see cref="ObjectStore"/> class.</summary>
    public ObjectStore(string directory)
    {
        _directory = directory;
    }

    /// <summary>Returns whether the store holds a version.</summary>
    public bool Contains(string version) => File.Exists(PathOf(version));

    /// <summary>Stores bytes under their version, unless already stored.</summary>
    public Task StoreAsync(string version, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) =>
        Contains(version) ? Task.CompletedTask : AtomicFile.WriteAsync(PathOf(version), bytes, cancellationToken);

    /// <summary>Copies a file into the store while hashing it, so versions written outside the connector are kept too.</summary>
    /// <returns>The file's version and size.</returns>
    public async Task<(string Version, long Size)> StoreFileAsync(string sourcePath, CancellationToken cancellationToken)
    {
        // Hash first: usually the store already holds the version (the connector wrote it), and copying is not needed.
        var existing = new FileStream(sourcePath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (existing.ConfigureAwait(false))
        {
            string existingVersion = await ContentHash.OfAsync(existing, cancellationToken).ConfigureAwait(false);
            if (Contains(existingVersion))
            {
                return (existingVersion, existing.Length);
            }
        }

        _ = Directory.CreateDirectory(_directory);
        string temp = Path.Combine(_directory, $".{Guid.NewGuid():N}{FilesConnectorConstants.TempFileSuffix}");
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long size = 0;
            var source = new FileStream(sourcePath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await using (source.ConfigureAwait(false))
            {
                var target = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 81920, FileOptions.Asynchronous);
                await using (target.ConfigureAwait(false))
                {
                    byte[] buffer = new byte[81920];
                    int read;
                    while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        hash.AppendData(buffer, 0, read);
                        await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                        size += read;
                    }

                    await target.FlushAsync(cancellationToken).ConfigureAwait(false);
                    target.Flush(flushToDisk: true);
                }
            }

            string version = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (Contains(version))
            {
                AtomicFile.TryDelete(temp);
            }
            else
            {
                File.Move(temp, PathOf(version), overwrite: true);
            }

            return (version, size);
        }
        catch
        {
            AtomicFile.TryDelete(temp);
            throw;
        }
    }

    /// <summary>Reads a stored version, verifying its hash; <see langword="null"/> when the store does not hold it.</summary>
    /// <exception cref="InvalidDataException">The stored bytes do not match their version.</exception>
    public async Task<byte[]?> TryReadAsync(string version, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(PathOf(version), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        if (!string.Equals(ContentHash.Of(bytes), version, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"The stored object {version} does not match its hash.");
        }

        return bytes;
    }

    private string PathOf(string version) => Path.Combine(_directory, version);
}
