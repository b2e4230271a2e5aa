namespace OperatorOs.Connectors.Files.Internal;

/// <summary>Names, defaults and limits of the Files connector.</summary>
internal static class FilesConnectorConstants
{
    /// <summary>The default of <see cref="FilesConnectorOptions.MaxFileBytes"/>: 10 MiB.</summary>
    public const int DefaultMaxFileBytes = 10 * 1024 * 1024;

    /// <summary>The name of the hidden directory under the root that holds objects, history and the ledger.</summary>
    public const string StoreDirectoryName = ".operatoros";

    /// <summary>The maximum length of a relative path, in UTF-16 code units.</summary>
    public const int MaxPathLength = 1024;

    /// <summary>The maximum length of one path segment, in UTF-8 bytes; leaves room under the usual 255-byte limit for temporary-file names.</summary>
    public const int MaxSegmentBytes = 200;

    /// <summary>The suffix of temporary files written next to their target; listings skip them.</summary>
    public const string TempFileSuffix = ".opos-tmp";

    /// <summary>The history operation recorded for a write.</summary>
    public const string WriteOperation = "write";

    /// <summary>The history operation recorded for a delete.</summary>
    public const string DeleteOperation = "delete";
}
