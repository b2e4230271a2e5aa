using System.Text.Json;
using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>What guards, step arguments and timer schedules see of a flow instance: its data, the event being handled and the time.</summary>
/// <remarks>
/// <para>The data is an immutable JSON object: <c>input</c> (what the instance was started with), <c>steps</c> (each completed
/// step's output, by step name) and <c>events</c> (the last payload of each trigger, by trigger name).</para>
/// <para>Guards and argument builders must be deterministic functions of the context: replaying a recorded history against the
/// same code must make the same decisions (see <c>FlowReplay</c>). Read the time from <see cref="Now"/>, never from a clock.</para>
/// </remarks>
public sealed class FlowContext
{
    private readonly JsonElement _data;
    private readonly IFlowDataParts? _parts;

    /// <summary>Initializes a new instance of the <see cref="FlowContext"/> class.</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="flowName">The definition's name.</param>
    /// <param name="flowVersion">The definition's version.</param>
    /// <param name="state">The state the instance is in.</param>
    /// <param name="trigger">The trigger being handled.</param>
    /// <param name="data">The instance data, a JSON object.</param>
    /// <param name="payload">The event's payload; <see cref="JsonValueKind.Undefined"/> when it has none.</param>
    /// <param name="now">The time the event was accepted.</param>
    /// <exception cref="ArgumentException">A name is null or empty, or <paramref name="data"/> is not a JSON object.</exception>
    public FlowContext(string instanceId, string flowName, int flowVersion, string state, string trigger, JsonElement data, JsonElement payload, DateTimeOffset now)
    {
        InstanceId = Throw.IfNullOrWhitespace(instanceId);
        FlowName = Throw.IfNullOrWhitespace(flowName);
        State = Throw.IfNullOrWhitespace(state);
        Trigger = Throw.IfNullOrWhitespace(trigger);
        if (data.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException($"Flow data must be a JSON object, not {data.ValueKind}.", nameof(data));
        }

        FlowVersion = flowVersion;
        _data = data;
        Payload = payload;
        Now = now;
    }

    /// <summary>Initializes a new instance of the <see cref="FlowContext"/> class over data the runtime keeps in parts.</summary>
    internal FlowContext(string instanceId, string flowName, int flowVersion, string state, string trigger, IFlowDataParts data, JsonElement payload, DateTimeOffset now)
    {
        InstanceId = instanceId;
        FlowName = flowName;
        State = state;
        Trigger = trigger;
        FlowVersion = flowVersion;
        _parts = data;
        Payload = payload;
        Now = now;
    }

    /// <summary>Gets the instance id.</summary>
    public string InstanceId { get; }

    /// <summary>Gets the definition's name.</summary>
    public string FlowName { get; }

    /// <summary>Gets the definition's version the instance runs.</summary>
    public int FlowVersion { get; }

    /// <summary>Gets the state the instance is in (the source state of the transition being taken).</summary>
    public string State { get; }

    /// <summary>Gets the trigger being handled: an event name, a timer name, or <c>always</c>.</summary>
    public string Trigger { get; }

    /// <summary>Gets the instance data: <c>{ "input": ..., "steps": { ... }, "events": { ... } }</c>.</summary>
    public JsonElement Data => _parts?.Element ?? _data;

    /// <summary>Gets the payload of the event being handled; <see cref="JsonValueKind.Undefined"/> for timers, automatic transitions and events without one.</summary>
    public JsonElement Payload { get; }

    /// <summary>Gets the time the event was accepted (recorded in the journal, so a replay sees the same time).</summary>
    public DateTimeOffset Now { get; }

    /// <summary>Gets the input the instance was started with; an empty object when it had none.</summary>
    public JsonElement Input => _parts is { } parts ? parts.Input : _data.TryGetProperty("input", out JsonElement input) ? input : default;

    /// <summary>Gets the output of a completed step.</summary>
    /// <param name="step">The step name.</param>
    /// <param name="output">The step's output, when it completed.</param>
    /// <returns><see langword="true"/> when the step completed in this instance.</returns>
    public bool TryGetStepOutput(string step, out JsonElement output)
    {
        if (_parts is { } parts)
        {
            return parts.TryGetStepOutput(step, out output);
        }

        output = default;
        return _data.TryGetProperty("steps", out JsonElement steps) && steps.TryGetProperty(step, out output);
    }

    /// <summary>Gets the output of a completed step.</summary>
    /// <param name="step">The step name.</param>
    /// <returns>The step's output.</returns>
    /// <exception cref="KeyNotFoundException">The step has not completed in this instance.</exception>
    public JsonElement StepOutput(string step) =>
        TryGetStepOutput(step, out JsonElement output) ? output : throw new KeyNotFoundException($"The step '{step}' has not completed in flow instance '{InstanceId}'.");

    /// <summary>Gets the last payload received with a trigger.</summary>
    /// <param name="trigger">The trigger name.</param>
    /// <param name="payload">The payload, when one was received.</param>
    /// <returns><see langword="true"/> when the trigger brought a payload.</returns>
    public bool TryGetEventPayload(string trigger, out JsonElement payload)
    {
        if (_parts is { } parts)
        {
            return parts.TryGetEventPayload(trigger, out payload);
        }

        payload = default;
        return _data.TryGetProperty("events", out JsonElement events) && events.TryGetProperty(trigger, out payload);
    }
}
