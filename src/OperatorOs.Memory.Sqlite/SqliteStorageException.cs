namespace OperatorOs;

/// <summary>The exception that is thrown when the SQLite storage file is locked, corrupt, too new or unavailable.</summary>
public sealed class SqliteStorageException : OperatorOsException
{
    /// <summary>Initializes a new instance of the <see cref="SqliteStorageException"/> class.</summary>
    /// <param name="error">Why the file cannot be used.</param>
    /// <param name="path">The database file.</param>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public SqliteStorageException(SqliteStorageError error, string path, string message, Exception? innerException = null)
        : base($"SQLite storage '{path}' ({error}): {message}", innerException)
    {
        Error = error;
        Path = path;
    }

    /// <summary>Gets why the file cannot be used.</summary>
    public SqliteStorageError Error { get; }

    /// <summary>Gets the database file.</summary>
    public string Path { get; }
}
