namespace OperatorOs.Connectors.Files.Internal;

/// <summary>Checks <see cref="FilesConnectorOptions"/>; shared by the connector's constructor and the DI registration.</summary>
internal static class FilesConnectorOptionsValidation
{
    /// <summary>Returns the problems of the options; empty when they are valid.</summary>
    public static List<string> GetFailures(FilesConnectorOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.RootPath))
        {
            failures.Add($"{nameof(FilesConnectorOptions)}.{nameof(FilesConnectorOptions.RootPath)} is required: set it to the directory that holds the documents.");
        }
        else if (options.RootPath.Contains('\0', StringComparison.Ordinal))
        {
            failures.Add($"{nameof(FilesConnectorOptions)}.{nameof(FilesConnectorOptions.RootPath)} contains a NUL character.");
        }

        if (options.MaxFileBytes <= 0)
        {
            failures.Add($"{nameof(FilesConnectorOptions)}.{nameof(FilesConnectorOptions.MaxFileBytes)} must be positive; it is {options.MaxFileBytes}.");
        }

        return failures;
    }
}
