namespace OperatorOs.Connectors.Email.Internal;

/// <summary>The checked arguments of <c>email.fetch</c>.</summary>
/// <param name="Folder">The folder to read, or <see langword="null"/> for the configured inbox.</param>
/// <param name="SinceUid">Read messages with a higher UID, or <see langword="null"/> for the most recent ones.</param>
/// <param name="Limit">The most messages to return.</param>
internal sealed record FetchArguments(string? Folder, uint? SinceUid, int Limit);
