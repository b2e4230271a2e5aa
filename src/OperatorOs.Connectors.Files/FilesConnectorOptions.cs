using OperatorOs.Connectors.Files.Internal;

namespace OperatorOs.Connectors.Files;

/// <summary>Represents the settings of a <see cref="FilesConnector"/>.</summary>
/// <remarks>The connector copies the values when it is created; changing the options afterwards has no effect on it.</remarks>
public class FilesConnectorOptions
{
    /// <summary>Gets or sets the directory that holds the documents.</summary>
    /// <value>The default value is <see langword="null"/>; a value is required. A relative path is resolved against the current directory when the connector is created.</value>
    /// <remarks>The connector keeps versions, history and its ledger in a hidden <c>.operatoros</c> directory under the root.</remarks>
    public string? RootPath { get; set; }

    /// <summary>Gets or sets a value indicating whether the connector offers only the read capabilities.</summary>
    /// <value>The default value is <see langword="false"/>. When <see langword="true"/>, <c>files.write</c> and <c>files.delete</c> are neither listed nor executable, and the connector never writes to disk.</value>
    public bool ReadOnly { get; set; }

    /// <summary>Gets or sets the largest file, in bytes, the connector reads or writes.</summary>
    /// <value>The default value is 10 MiB (10,485,760 bytes). It must be positive.</value>
    public int MaxFileBytes { get; set; } = FilesConnectorConstants.DefaultMaxFileBytes;
}
