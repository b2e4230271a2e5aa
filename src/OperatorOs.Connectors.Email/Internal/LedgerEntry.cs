using System.Text.Json;

namespace OperatorOs.Connectors.Email.Internal;

/// <summary>One operation as the ledger records it.</summary>
/// <param name="Token">The operation token.</param>
/// <param name="Capability">The capability it executed.</param>
/// <param name="MessageId">The token-derived Message-ID of the message it sends or drafts.</param>
/// <param name="State">Where it stands.</param>
/// <param name="StartedAt">When the attempt that recorded it began the effect.</param>
/// <param name="Prepared">What was known before the effect: addresses, subject, Message-ID.</param>
/// <param name="Result">The result, when <paramref name="State"/> is <see cref="LedgerState.Completed"/>.</param>
internal sealed record LedgerEntry(
    OperationToken Token,
    string Capability,
    string MessageId,
    LedgerState State,
    DateTimeOffset StartedAt,
    JsonElement Prepared,
    OperationResult? Result);
