using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Text.Json;

namespace OperatorOs.Benchmarks;

/// <summary>The flow benchmarks' connector: <c>counter.add</c> returns <c>{"n": n + 1}</c>, once per operation token (later calls with the token return the recorded result).</summary>
/// <remarks>
/// The counterpart of the baseline's <c>n =&gt; n + 1</c> executors: an idempotent connector with nothing else in it (checks its arguments before
/// acting, dedupes on the token, answers status queries from its ledger), so the benchmark measures the runtime around the step. The
/// test connector (<c>RecordingConnector</c>, which also records every effect and lets tests inject failures) costs about 3.5 µs and
/// 0.9 KB per call on the benchmark machine; <see cref="FlowBenchmark.OperatorOsFlowWithRecordingConnector"/> keeps it for comparison.
/// </remarks>
internal sealed class CounterConnector : Connector
{
    public const string Capability = "counter.add";
    private const string Summary = "counter.add done";

    private static readonly IReadOnlyList<CapabilityDescriptor> Descriptors = [Testing.RecordingConnector.Capability(Capability, RiskTier.Internal)];

    // What each token did: the value it returned and when; a result is built again from it when asked for.
    private readonly ConcurrentDictionary<string, (int Value, DateTimeOffset At)> _ledger = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;

    public CounterConnector(TimeProvider? timeProvider = null)
        : base("bench")
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    public override IReadOnlyList<CapabilityDescriptor> Capabilities => Descriptors;

    public override Task<OperationResult> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Capability != Capability)
        {
            throw new UnknownCapabilityException(request.Capability, Name);
        }

        if (!request.Arguments.TryGetProperty("n", out JsonElement n) || !n.TryGetInt32(out int value) || value == int.MaxValue)
        {
            throw new ConnectorArgumentException(Capability, "$.n", "n must be an integer below int.MaxValue");
        }

        cancellationToken.ThrowIfCancellationRequested();
        (int Value, DateTimeOffset At) done = _ledger.GetOrAdd(request.Token.Value, static (_, state) => (state.Value + 1, state.Clock.GetUtcNow()), (Value: value, Clock: _timeProvider));
        return Task.FromResult(ResultOf(request.Token, done));
    }

    public override Task<OperationStatus> GetStatusAsync(OperationToken token, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_ledger.TryGetValue(token.Value, out (int Value, DateTimeOffset At) done) ? OperationStatus.Completed(ResultOf(token, done)) : OperationStatus.NotFound(token));
    }

    // {"n":<value>}, written straight into UTF-8.
    private static OperationResult ResultOf(OperationToken token, (int Value, DateTimeOffset At) done)
    {
        Span<byte> json = stackalloc byte[24];
        "{\"n\":"u8.CopyTo(json);
        _ = Utf8Formatter.TryFormat(done.Value, json[5..], out int digits);
        json[5 + digits] = (byte)'}';
        return new OperationResult(token, Capability, JsonElement.Parse(json[..(6 + digits)]), Summary, done.At);
    }
}
