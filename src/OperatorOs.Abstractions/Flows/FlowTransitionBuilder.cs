using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>Builds one transition of a state: guard, steps, refusal target and target state.</summary>
public sealed class FlowTransitionBuilder
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    private readonly FlowStateBuilder _state;
    private readonly List<FlowStepDefinition> _steps = [];
    private Func<FlowContext, bool>? _guard;
    private string? _refusedTarget;

    internal FlowTransitionBuilder(FlowStateBuilder state, FlowTriggerKind kind, string trigger, TimeSpan? delay, Func<FlowContext, DateTimeOffset>? dueAt)
    {
        _state = state;
        Kind = kind;
        Trigger = trigger;
        Delay = delay;
        DueAt = dueAt;
    }

    internal FlowTriggerKind Kind { get; }

    internal string Trigger { get; }

    internal TimeSpan? Delay { get; }

    internal Func<FlowContext, DateTimeOffset>? DueAt { get; }

    internal string? Target { get; private set; }

    /// <summary>Sets the guard that must hold for the transition to fire; when it does not, the next transition for the trigger is tried.</summary>
    /// <param name="guard">A deterministic predicate over the context.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="guard"/> is <see langword="null"/>.</exception>
    public FlowTransitionBuilder When(Func<FlowContext, bool> guard)
    {
        _guard = Throw.IfNull(guard);
        return this;
    }

    /// <summary>Adds a step: a capability proposed to the kernel with arguments built from the context.</summary>
    /// <param name="name">The step's name, unique within the transition.</param>
    /// <param name="capability">The capability.</param>
    /// <param name="arguments">Builds the arguments, a JSON object; it must be deterministic.</param>
    /// <param name="rationale">Why the flow takes the step, shown with an approval request.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public FlowTransitionBuilder Step(string name, string capability, Func<FlowContext, JsonObject> arguments, string? rationale = null)
    {
        _ = Throw.IfNull(arguments);
        return Step(name, capability, context => ToElement(arguments(context)), rationale);
    }

    /// <summary>Adds a step: a capability proposed to the kernel with arguments built from the context.</summary>
    /// <param name="name">The step's name, unique within the transition.</param>
    /// <param name="capability">The capability.</param>
    /// <param name="arguments">Builds the arguments, a JSON object; it must be deterministic.</param>
    /// <param name="rationale">Why the flow takes the step, shown with an approval request.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public FlowTransitionBuilder Step(string name, string capability, Func<FlowContext, JsonElement> arguments, string? rationale = null)
    {
        _ = Throw.IfNull(name);
        _ = Throw.IfNull(capability);
        _ = Throw.IfNull(arguments);
        _steps.Add(new FlowStepDefinition(name, capability, arguments, rationale));
        return this;
    }

    /// <summary>Sets the state entered when a step is refused (approval rejected or expired, policy denied or shadowed); without one, a refusal fails the instance.</summary>
    /// <param name="state">The state.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="state"/> is null or empty.</exception>
    public FlowTransitionBuilder OnRefused(string state)
    {
        _refusedTarget = Throw.IfNullOrWhitespace(state);
        return this;
    }

    /// <summary>Completes the transition with the state it enters once every step completed.</summary>
    /// <param name="state">The target state; it may be the source state.</param>
    /// <returns>The state builder, to declare more transitions.</returns>
    /// <exception cref="ArgumentException"><paramref name="state"/> is null or empty.</exception>
    public FlowStateBuilder TransitionTo(string state)
    {
        Target = Throw.IfNullOrWhitespace(state);
        return _state;
    }

    internal FlowTransitionDefinition Build(int ordinal) =>
        new(Kind, Trigger, ordinal, _guard, _steps.ToArray(), Target!, _refusedTarget, Delay, DueAt);

    internal IReadOnlyList<FlowStepDefinition> Steps => _steps;

    internal string? RefusedTarget => _refusedTarget;

    private static JsonElement ToElement(JsonObject value)
    {
        _ = Throw.IfNull(value);

        // A step's arguments are built for every step an instance takes: one buffer and writer per thread, reused, so only the
        // element's own document is allocated. A nested call (an argument builder that runs another) gets a writer of its own.
        ArrayBufferWriter<byte> buffer = t_buffer ?? new ArrayBufferWriter<byte>(256);
        Utf8JsonWriter writer = t_writer ?? new Utf8JsonWriter(buffer);
        t_buffer = null;
        t_writer = null;
        try
        {
            buffer.ResetWrittenCount();
            writer.Reset(buffer);
            value.WriteTo(writer);
            writer.Flush();
            return JsonElement.Parse(buffer.WrittenSpan);
        }
        finally
        {
            if (buffer.Capacity <= 64 * 1024)
            {
                t_buffer = buffer;
                t_writer = writer;
            }
        }
    }
}
