using System.Collections.Concurrent;

namespace OperatorOs.Connectors.Http.Internal;

/// <summary>An <see cref="IOperationLedger"/> in memory; thread-safe, lost when the process ends.</summary>
internal sealed class InMemoryOperationLedger : IOperationLedger
{
    private readonly ConcurrentDictionary<OperationToken, OperationResult> _results = new();

    /// <inheritdoc/>
    public ValueTask<OperationResult?> TryGetAsync(OperationToken token, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_results.TryGetValue(token, out OperationResult? result) ? result : null);

    /// <inheritdoc/>
    public ValueTask RecordAsync(OperationResult result, CancellationToken cancellationToken)
    {
        _results[result.Token] = result;
        return ValueTask.CompletedTask;
    }
}
