using Polly;
using Polly.CircuitBreaker;

namespace OperatorOs;

/// <summary>The connectors' resilience pipelines and circuits, as built from one version of the executor's settings, at each connector's
/// <see cref="ConnectorCatalog.Entry.ConnectorIndex"/>.</summary>
internal sealed class ConnectorCircuits
{
    private ConnectorCircuits(OperatorOsOptions source, ConnectorPipelineSettings settings, ResiliencePipeline<OperationResult>[] pipelines, CircuitBreakerStateProvider[] states, long[] breaksUntil)
    {
        Source = source;
        Settings = settings;
        Pipelines = pipelines;
        States = states;
        BreaksUntil = breaksUntil;
    }

    /// <summary>Gets the options instance the settings were read from.</summary>
    public OperatorOsOptions Source { get; }

    /// <summary>Gets the settings the pipelines were built from.</summary>
    public ConnectorPipelineSettings Settings { get; }

    public ResiliencePipeline<OperationResult>[] Pipelines { get; }

    public CircuitBreakerStateProvider[] States { get; }

    /// <summary>Gets when each connector's current break ends (UTC ticks): after it, the next execution is the circuit's trial.</summary>
    public long[] BreaksUntil { get; }

    /// <summary>Gets a value indicating whether any connector's circuit is not closed.</summary>
    public bool AnyNotClosed => Array.Exists(States, s => s.CircuitState != CircuitState.Closed);

    /// <param name="source">The executor's settings.</param>
    /// <param name="connectors">The connector names, in index order.</param>
    /// <param name="timeProvider">The clock of delays, breaks and timeouts.</param>
    /// <param name="opened">Called when a connector's circuit opens: this version's break ends, the connector's index and name, the break.</param>
    /// <param name="closed">Called when a connector's circuit closes again: this version's break ends and the connector's name.</param>
    public static ConnectorCircuits Build(
        OperatorOsOptions source, IReadOnlyList<string> connectors, TimeProvider timeProvider, Func<long[], int, string, TimeSpan, ValueTask> opened, Func<long[], string, ValueTask> closed)
    {
        var settings = ConnectorPipelineSettings.From(source);
        var pipelines = new ResiliencePipeline<OperationResult>[connectors.Count];
        var states = new CircuitBreakerStateProvider[connectors.Count];
        long[] breaksUntil = new long[connectors.Count];
        for (int i = 0; i < connectors.Count; i++)
        {
            string connector = connectors[i];
            int index = i;
            states[i] = new CircuitBreakerStateProvider();
            pipelines[i] = ConnectorPipeline.Build(settings, timeProvider, duration => opened(breaksUntil, index, connector, duration), () => closed(breaksUntil, connector), states[i]);
        }

        return new ConnectorCircuits(source, settings, pipelines, states, breaksUntil);
    }

    /// <summary>Returns whether <paramref name="options"/> would build the same pipelines (every setting they are built from is equal).</summary>
    public bool SameSettings(OperatorOsOptions options) => Settings == ConnectorPipelineSettings.From(options);

    /// <summary>Returns these pipelines and circuits, noted as matching <paramref name="source"/>.</summary>
    public ConnectorCircuits With(OperatorOsOptions source) => new(source, Settings, Pipelines, States, BreaksUntil);
}
