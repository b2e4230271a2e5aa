namespace OperatorOs;

/// <summary>Configures the SQLite storage.</summary>
public class SqliteStorageOptions
{
    /// <summary>Gets or sets the database file.</summary>
    public string? Path { get; set; }

    /// <summary>Gets or sets a value indicating whether every commit is flushed to disk (<c>synchronous=FULL</c>) before an append or write completes.</summary>
    /// <value>The default value is <see langword="true"/>; turning it off trades durability on power loss for speed.</value>
    public bool DurableCommits { get; set; } = true;

    /// <summary>Gets or sets how long a statement waits for another connection's lock before failing with <see cref="SqliteStorageError.Locked"/>.</summary>
    /// <value>The default value is 5 seconds.</value>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets the most journal appends committed in one transaction.</summary>
    /// <value>The default value is 512.</value>
    public int MaxJournalBatch { get; set; } = 512;

    /// <summary>Gets or sets how often a journal tail looks for events appended by other processes sharing the file.</summary>
    /// <value>The default value is 1 second; it must be between 10 milliseconds and 1 hour.</value>
    public TimeSpan JournalPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets a value indicating whether a missing file is created and given the schema.</summary>
    /// <value>
    /// The default value is <see langword="true"/>. A tool that works on a host's database (the operator CLI) sets it to
    /// <see langword="false"/>: then a missing file fails with <see cref="SqliteStorageError.Unavailable"/>, a file without an
    /// OperatorOs schema with <see cref="SqliteStorageError.Corrupt"/>, and nothing is created.
    /// </value>
    public bool CreateIfMissing { get; set; } = true;
}
