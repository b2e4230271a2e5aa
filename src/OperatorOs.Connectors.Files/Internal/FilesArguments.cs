namespace OperatorOs.Connectors.Files.Internal;

/// <summary>Represents validated arguments of a Files capability.</summary>
/// <param name="Path">The relative path (empty for the root in <c>files.list</c>).</param>
/// <param name="FullPath">The full path under the root.</param>
/// <param name="Version">The version to read, if any.</param>
/// <param name="Content">The UTF-8 bytes to write, for <c>files.write</c>.</param>
/// <param name="ExpectedVersion">The version the file must have before a write, if any.</param>
internal sealed record FilesArguments(string Path, string FullPath, string? Version, byte[]? Content, string? ExpectedVersion);
