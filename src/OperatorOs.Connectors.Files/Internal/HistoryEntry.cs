namespace OperatorOs.Connectors.Files.Internal;

/// <summary>Represents one change of a path, as recorded in its history log.</summary>
/// <param name="Operation"><c>write</c> or <c>delete</c>.</param>
/// <param name="Version">The version written, or the version deleted (<see langword="null"/> when the file was already absent).</param>
/// <param name="PreviousVersion">The version the file had before the change, or <see langword="null"/> when it did not exist.</param>
/// <param name="Size">The size in bytes of <paramref name="Version"/>.</param>
/// <param name="Token">The token of the operation that made the change.</param>
/// <param name="RecordedAt">When the change happened.</param>
internal sealed record HistoryEntry(string Operation, string? Version, string? PreviousVersion, long Size, string Token, DateTimeOffset RecordedAt);
