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
}
