namespace OperatorOs;

/// <summary>Specifies why a SQLite storage file cannot be used.</summary>
public enum SqliteStorageError
{
    /// <summary>Another connection holds a lock longer than the busy timeout allows.</summary>
    Locked = 0,

    /// <summary>The file is not a SQLite database or its contents are damaged.</summary>
    Corrupt = 1,

    /// <summary>The file was written by a newer OperatorOs whose schema this version does not know.</summary>
    NewerSchema = 2,

    /// <summary>The file cannot be opened or written (permissions, missing directory, full disk).</summary>
    Unavailable = 3,
}
