namespace OperatorOs.Connectors.Email.Internal;

/// <summary>How far a mailbox folder has been received: the folder's UIDVALIDITY and the highest UID taken in under it.</summary>
/// <param name="UidValidity">The folder's UIDVALIDITY when the cursor was last advanced; UIDs mean nothing under another value.</param>
/// <param name="LastUid">The highest UID received.</param>
internal sealed record InboxCursor(uint UidValidity, uint LastUid);
