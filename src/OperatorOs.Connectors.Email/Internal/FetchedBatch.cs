namespace OperatorOs.Connectors.Email.Internal;

/// <summary>Messages read from one folder in one go.</summary>
/// <param name="Folder">The folder's full name.</param>
/// <param name="UidValidity">The folder's UIDVALIDITY at the time of reading.</param>
/// <param name="Messages">The messages, in ascending UID order.</param>
/// <param name="More">Whether the folder holds more messages than were read.</param>
internal sealed record FetchedBatch(string Folder, uint UidValidity, IReadOnlyList<InboundEmail> Messages, bool More);
