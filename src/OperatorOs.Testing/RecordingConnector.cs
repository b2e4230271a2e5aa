using System.Collections.Concurrent;
using System.Text.Json;
using OperatorOs.Shared;

namespace OperatorOs.Testing;

/// <summary>A connector for tests: offers the capabilities you give it, records every effect, dedupes on the operation token.</summary>
/// <remarks>
/// Set <see cref="ExecuteAsyncCallback"/> to shape outputs or throw failures. <see cref="Effects"/> lists what was done,
/// once per token; <see cref="ExecuteCalls"/> counts every call, including those answered from the ledger. Thread-safe;
/// concurrent calls with one token may each run the callback, but only one effect is recorded.
/// </remarks>
public sealed class RecordingConnector : Connector
{
    private readonly IReadOnlyList<CapabilityDescriptor> _capabilities;
    private readonly ConcurrentDictionary<string, OperationResult> _ledger = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<OperationRequest> _effects = new();
    private readonly TimeProvider _timeProvider;
    private readonly Lock _gate = new();
    private int _executeCalls;

    /// <summary>Initializes a new instance of the <see cref="RecordingConnector"/> class.</summary>
    /// <param name="name">The connector's name.</param>
    /// <param name="capabilities">The capabilities it offers.</param>
    /// <param name="timeProvider">The clock for results, or <see langword="null"/> for the system clock.</param>
    public RecordingConnector(string name, IEnumerable<CapabilityDescriptor> capabilities, TimeProvider? timeProvider = null)
        : base(name)
    {
        _capabilities = [.. Throw.IfNull(capabilities)];
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Gets or sets a callback that produces an operation's output or throws; by default the output echoes the arguments.</summary>
    public Func<OperationRequest, CancellationToken, Task<JsonElement>>? ExecuteAsyncCallback { get; set; }

    /// <summary>Gets or sets a callback that answers status queries in place of the ledger when it returns a status, for example <see cref="OperationStatus.InDoubt"/> to test what a caller does when a connector cannot tell.</summary>
    public Func<OperationToken, OperationStatus?>? GetStatusCallback { get; set; }

    /// <summary>Gets or sets a value indicating whether the next completed effect is recorded but its acknowledgement is lost, as in a crash between send and acknowledge: the call throws a transient <see cref="ConnectorException"/>.</summary>
    public bool LoseNextAcknowledgement { get; set; }

    /// <summary>Gets the effects performed, in order, once per token.</summary>
    public IReadOnlyList<OperationRequest> Effects => [.. _effects];

    /// <summary>Gets how many times <see cref="ExecuteAsync"/> was called.</summary>
    public int ExecuteCalls => Volatile.Read(ref _executeCalls);

    /// <inheritdoc/>
    public override IReadOnlyList<CapabilityDescriptor> Capabilities => _capabilities;

    /// <summary>Creates a descriptor with an open object schema, for tests.</summary>
    /// <param name="name">The capability name.</param>
    /// <param name="tier">The risk tier.</param>
    /// <returns>The descriptor.</returns>
    public static CapabilityDescriptor Capability(string name, RiskTier tier)
    {
        using JsonDocument schema = JsonDocument.Parse("""{"type":"object"}""");
        return new CapabilityDescriptor(name, $"Test capability {name}.", tier, schema.RootElement);
    }

    /// <inheritdoc/>
    public override async Task<OperationResult> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(request);
        _ = Interlocked.Increment(ref _executeCalls);
        ValidateArguments(request.Capability, request.Arguments);
        cancellationToken.ThrowIfCancellationRequested();

        if (_ledger.TryGetValue(request.Token.Value, out OperationResult? recorded))
        {
            return recorded;
        }

        JsonElement output = ExecuteAsyncCallback is { } callback
            ? await callback(request, cancellationToken).ConfigureAwait(false)
            : request.Arguments;

        lock (_gate)
        {
            if (_ledger.TryGetValue(request.Token.Value, out recorded))
            {
                return recorded;
            }

            _effects.Enqueue(request);
            var result = new OperationResult(request.Token, request.Capability, output, $"{request.Capability} done", _timeProvider.GetUtcNow());
            _ledger[request.Token.Value] = result;
            if (LoseNextAcknowledgement)
            {
                LoseNextAcknowledgement = false;
                throw new ConnectorException(Name, "the acknowledgement was lost after the effect", isTransient: true);
            }

            return result;
        }
    }

    /// <inheritdoc/>
    public override Task<OperationStatus> GetStatusAsync(OperationToken token, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (GetStatusCallback?.Invoke(token) is { } answered)
        {
            return Task.FromResult(answered);
        }

        return Task.FromResult(_ledger.TryGetValue(token.Value, out OperationResult? result) ? OperationStatus.Completed(result) : OperationStatus.NotFound(token));
    }
}
