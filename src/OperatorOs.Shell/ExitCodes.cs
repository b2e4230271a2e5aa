namespace OperatorOs.Shell;

/// <summary>The exit codes of <c>opos</c>; each failure kind has its own, so scripts can tell them apart.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Ok = 0;

    /// <summary>An unexpected error; the message names it.</summary>
    public const int Error = 1;

    /// <summary>The command line is wrong: an unknown command or option, a missing or malformed value, no database given.</summary>
    public const int Usage = 2;

    /// <summary>What the command names does not exist: an approval id, a flow instance, a memory entity or attribute, a file.</summary>
    public const int NotFound = 3;

    /// <summary>An approval cannot be decided that way (it was already decided otherwise, or it expired), or a completed flow instance cannot be resumed.</summary>
    public const int Conflict = 4;

    /// <summary><c>audit verify</c> found a broken link in the journal's hash chain.</summary>
    public const int ChainBroken = 5;

    /// <summary>A policy file is invalid; every error is listed with its path, line and column.</summary>
    public const int PolicyInvalid = 6;

    /// <summary>The database file does not exist; nothing was created.</summary>
    public const int DatabaseMissing = 10;

    /// <summary>The database is locked by another connection for longer than the busy timeout.</summary>
    public const int DatabaseLocked = 11;

    /// <summary>The file is not an OperatorOs SQLite database, or it is damaged.</summary>
    public const int DatabaseCorrupt = 12;

    /// <summary>The database was written by a newer OperatorOs whose schema this <c>opos</c> does not know.</summary>
    public const int DatabaseNewerSchema = 13;

    /// <summary>The database cannot be opened or written (permissions, a directory, a full disk).</summary>
    public const int DatabaseUnavailable = 14;

    /// <summary>The command was cancelled (Ctrl+C) before it finished; <c>audit tail --follow</c> ends with <see cref="Ok"/> instead.</summary>
    public const int Cancelled = 130;
}
