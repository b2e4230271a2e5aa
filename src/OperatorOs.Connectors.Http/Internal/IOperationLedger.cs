namespace OperatorOs.Connectors.Http.Internal;

/// <summary>Records the results of completed operations per token, so a repeated token returns the recorded result without a second request.</summary>
/// <remarks>The connector ships with <see cref="InMemoryOperationLedger"/>, which lasts as long as the connector. A durable
/// ledger belongs to the storage layer; across restarts the server's idempotency-key handling is what prevents a second effect.</remarks>
internal interface IOperationLedger
{
    /// <summary>Returns the recorded result of a token, or <see langword="null"/>.</summary>
    ValueTask<OperationResult?> TryGetAsync(OperationToken token, CancellationToken cancellationToken);

    /// <summary>Records a result, replacing any earlier entry of its token.</summary>
    ValueTask RecordAsync(OperationResult result, CancellationToken cancellationToken);
}
