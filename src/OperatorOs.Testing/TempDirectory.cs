namespace OperatorOs.Testing;

/// <summary>A fresh directory under the system temp path for one test, deleted (best effort) on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>Initializes a new instance of the <see cref="TempDirectory"/> class and creates the directory.</summary>
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "operatoros-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    /// <summary>Gets the directory's full path.</summary>
    public string Path { get; }

    /// <summary>Combines the directory's path with relative parts.</summary>
    /// <param name="parts">The parts.</param>
    /// <returns>The combined path.</returns>
    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Writes a text file in the directory.</summary>
    /// <param name="name">The file name.</param>
    /// <param name="text">The content.</param>
    /// <returns>The file's full path.</returns>
    public string Write(string name, string text)
    {
        string file = Combine(name);
        File.WriteAllText(file, text);
        return file;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a file a test still holds open must not fail the test.
        }
    }
}
