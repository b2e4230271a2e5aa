using System.Text.Json;

namespace OperatorOs;

/// <summary>Instance data kept in parts by the flow runtime, so a <see cref="FlowContext"/> reads a step's output or the input without
/// the whole <c>{ "input", "steps", "events" }</c> object being written for every step.</summary>
internal interface IFlowDataParts
{
    /// <summary>Gets the whole data object, built on first use.</summary>
    JsonElement Element { get; }

    /// <summary>Gets the input, a JSON object.</summary>
    JsonElement Input { get; }

    bool TryGetStepOutput(string step, out JsonElement output);

    bool TryGetEventPayload(string trigger, out JsonElement payload);
}
