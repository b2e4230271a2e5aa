namespace OperatorOs.Connectors.Email;

/// <summary>Represents what one <see cref="EmailInbox.ReceiveAsync(CancellationToken)"/> took in.</summary>
/// <param name="Received">The messages received for the first time, oldest first; each was handed to the handler, if one was given.</param>
/// <param name="SignalsWritten">How many memory signals were written; lower than <paramref name="Received"/>'s count when a message's
/// signal was already in memory from an interrupted earlier receive.</param>
/// <param name="Skipped">How many messages were read but had been received before (the same Message-ID under another UID).</param>
public sealed record EmailReceiveResult(IReadOnlyList<InboundEmail> Received, int SignalsWritten, int Skipped);
