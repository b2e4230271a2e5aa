using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>Represents a policy file's capability grants for one agent role.</summary>
/// <remarks>Instances are immutable; equality compares the mode and the capabilities in order.</remarks>
public sealed record AgentGrant
{
    /// <summary>Initializes a new instance of the <see cref="AgentGrant"/> class.</summary>
    /// <param name="capabilities">The capability names granted.</param>
    /// <param name="mode">How the grants combine with the ones the code declares.</param>
    /// <exception cref="ArgumentNullException"><paramref name="capabilities"/> is <see langword="null"/>.</exception>
    public AgentGrant(IReadOnlyList<string> capabilities, GrantMode mode = GrantMode.Extend)
    {
        Capabilities = Throw.IfNull(capabilities);
        Mode = mode;
    }

    /// <summary>Gets the capability names granted.</summary>
    public IReadOnlyList<string> Capabilities { get; }

    /// <summary>Gets how the grants combine with the ones the code declares.</summary>
    public GrantMode Mode { get; }

    /// <inheritdoc/>
    public bool Equals(AgentGrant? other) =>
        other is not null && Mode == other.Mode && Capabilities.SequenceEqual(other.Capabilities, StringComparer.Ordinal);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Mode, Capabilities.Count);
}
