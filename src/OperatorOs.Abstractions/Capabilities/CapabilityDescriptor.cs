using System.Text.Json;
using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>Describes one operation a connector can perform, as the kernel and models see it.</summary>
/// <remarks>Instances are immutable and safe to share across threads.</remarks>
public sealed class CapabilityDescriptor
{
    /// <summary>Initializes a new instance of the <see cref="CapabilityDescriptor"/> class.</summary>
    /// <param name="name">The capability name, for example <c>files.write</c>; see <see cref="IntentName"/> for the allowed form.</param>
    /// <param name="description">What the capability does, written for a model and an operator.</param>
    /// <param name="riskTier">How much harm the capability can do.</param>
    /// <param name="argumentsSchema">The JSON schema of the arguments object.</param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="description"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is malformed or <paramref name="argumentsSchema"/> is not an object.</exception>
    public CapabilityDescriptor(string name, string description, RiskTier riskTier, JsonElement argumentsSchema)
    {
        _ = Throw.IfNull(name);
        _ = Throw.IfNull(description);
        if (!IntentName.IsValid(name))
        {
            throw new ArgumentException($"'{name}' is not a valid capability name ({IntentName.Rule}).", nameof(name));
        }

        if (argumentsSchema.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("The arguments schema must be a JSON object.", nameof(argumentsSchema));
        }

        if (!Enum.IsDefined(riskTier))
        {
            throw new ArgumentOutOfRangeException(nameof(riskTier), riskTier, "Not a defined risk tier.");
        }

        Name = name;
        Description = description;
        RiskTier = riskTier;
        ArgumentsSchema = argumentsSchema.Clone();
    }

    /// <summary>Gets the capability name.</summary>
    public string Name { get; }

    /// <summary>Gets what the capability does.</summary>
    public string Description { get; }

    /// <summary>Gets the risk tier the connector declares.</summary>
    public RiskTier RiskTier { get; }

    /// <summary>Gets the JSON schema of the arguments object.</summary>
    public JsonElement ArgumentsSchema { get; }

    /// <summary>Gets a value indicating whether the capability only reads.</summary>
    public bool IsReadOnly => RiskTier == RiskTier.Read;

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({RiskTier})";
}
