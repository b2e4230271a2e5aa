using System.Text.Json;

namespace OperatorOs;

/// <summary>Describes one step of a transition: a capability the kernel is asked to invoke, with arguments built from the instance's data.</summary>
public sealed class FlowStepDefinition
{
    internal FlowStepDefinition(string name, string capability, Func<FlowContext, JsonElement> arguments, string? rationale)
    {
        Name = name;
        Capability = capability;
        Arguments = arguments;
        Rationale = rationale;
    }

    /// <summary>Gets the step's name, unique within its transition; its output is kept as <c>data.steps[name]</c>.</summary>
    public string Name { get; }

    /// <summary>Gets the capability the step proposes.</summary>
    public string Capability { get; }

    /// <summary>Gets the function that builds the capability's arguments from the context; it must be deterministic.</summary>
    public Func<FlowContext, JsonElement> Arguments { get; }

    /// <summary>Gets why the flow takes the step, shown to the operator with an approval request, or <see langword="null"/>.</summary>
    public string? Rationale { get; }
}
