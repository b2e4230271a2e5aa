using System.Collections.Frozen;
using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>A deterministic finite-state machine for transactional work (enrollment, refunds, invoicing): states, triggers, guards, steps and timers.</summary>
/// <remarks>
/// <para>Build one with <see cref="Create"/> and register it with <c>AddFlow</c>. A definition is identified by its name and
/// version: running instances keep the version they started with, new instances use the latest registered version.</para>
/// <para>Instances are immutable and safe to share across threads.</para>
/// </remarks>
public sealed class FlowDefinition
{
    private readonly FrozenDictionary<string, FlowStateDefinition> _states;
    private readonly FrozenSet<string> _eventTriggers;

    internal FlowDefinition(string name, int version, string initialState, IReadOnlyList<FlowStateDefinition> states, Func<Intent, string?>? intentCorrelation)
    {
        Name = name;
        Version = version;
        InitialState = initialState;
        States = states;
        IntentCorrelation = intentCorrelation;
        _states = states.ToFrozenDictionary(s => s.Name, StringComparer.Ordinal);
        _eventTriggers = states.SelectMany(s => s.Transitions).Where(t => t.Kind == FlowTriggerKind.Event).Select(t => t.Trigger).ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>Gets the flow's name.</summary>
    public string Name { get; }

    /// <summary>Gets the definition's version.</summary>
    public int Version { get; }

    /// <summary>Gets the state a new instance starts in.</summary>
    public string InitialState { get; }

    /// <summary>Gets the states, in declaration order.</summary>
    public IReadOnlyList<FlowStateDefinition> States { get; }

    /// <summary>Gets the function that gives the correlation key of an intent routed to the flow, or <see langword="null"/> to use the intent's correlation id.</summary>
    public Func<Intent, string?>? IntentCorrelation { get; }

    /// <summary>Gets the event triggers some state declares.</summary>
    public IReadOnlySet<string> EventTriggers => _eventTriggers;

    /// <summary>Starts a definition.</summary>
    /// <param name="name">The flow's name (lower-case dot-separated segments, like an intent name).</param>
    /// <param name="version">The definition's version, from 1.</param>
    /// <returns>A builder; <see cref="FlowBuilder.Build"/> validates and returns the definition.</returns>
    public static FlowBuilder Create(string name, int version = 1) => new(name, version);

    /// <summary>Gets a state.</summary>
    /// <param name="name">The state's name.</param>
    /// <returns>The state.</returns>
    /// <exception cref="FlowDefinitionException">The flow has no such state.</exception>
    public FlowStateDefinition GetState(string name)
    {
        _ = Throw.IfNull(name);
        return _states.TryGetValue(name, out FlowStateDefinition? state)
            ? state
            : throw new FlowDefinitionException(Name, name, $"version {Version} has no such state.");
    }

    /// <summary>Looks up a state.</summary>
    /// <param name="name">The state's name.</param>
    /// <param name="state">The state, when found.</param>
    /// <returns><see langword="true"/> when the flow has the state.</returns>
    public bool TryGetState(string name, out FlowStateDefinition state) => _states.TryGetValue(name, out state!);

    /// <inheritdoc/>
    public override string ToString() => $"{Name} v{Version}";
}
