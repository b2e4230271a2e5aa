using System.Text.Json;
using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>Represents a tool call an agent wants to make; the kernel turns it into an <see cref="ActionProposal"/>.</summary>
public sealed class AgentToolCall
{
    /// <summary>Initializes a new instance of the <see cref="AgentToolCall"/> class.</summary>
    /// <param name="capability">The capability to call.</param>
    /// <param name="arguments">The arguments as a JSON object.</param>
    /// <exception cref="ArgumentNullException"><paramref name="capability"/> is <see langword="null"/>.</exception>
    public AgentToolCall(string capability, JsonElement arguments)
    {
        Capability = Throw.IfNull(capability);
        Arguments = arguments.ValueKind == JsonValueKind.Undefined ? default : arguments.Clone();
    }

    /// <summary>Gets the capability to call.</summary>
    public string Capability { get; }

    /// <summary>Gets the arguments.</summary>
    public JsonElement Arguments { get; }

    /// <summary>Gets why the agent wants the call.</summary>
    public string? Rationale { get; init; }

    /// <summary>Gets the agent's confidence, from 0 to 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [0, 1].</exception>
    public double Confidence { get; init => field = Throw.IfOutOfRange(value, 0, 1); } = 1;
}
