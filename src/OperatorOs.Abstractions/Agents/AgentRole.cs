using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>Defines an agent: a role with instructions and a scope of granted capabilities, backed by a model or a deterministic strategy.</summary>
/// <remarks>An agent never holds a connector: every tool call it makes becomes an <see cref="ActionProposal"/> judged by policy.</remarks>
public sealed class AgentRole
{
    /// <summary>The default bound on model round trips per intent.</summary>
    public const int DefaultMaxToolIterations = 8;

    /// <summary>Initializes a new instance of the <see cref="AgentRole"/> class.</summary>
    /// <param name="name">The role name, for example <c>triage</c>; see <see cref="IntentName"/> for the allowed form.</param>
    /// <param name="instructions">The instructions the model receives as its system message.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is malformed.</exception>
    public AgentRole(string name, string instructions)
    {
        _ = Throw.IfNull(name);
        if (!IntentName.IsValid(name))
        {
            throw new ArgumentException($"'{name}' is not a valid agent name ({IntentName.Rule}).", nameof(name));
        }

        Name = name;
        Instructions = Throw.IfNull(instructions);
    }

    /// <summary>Gets the role name.</summary>
    public string Name { get; }

    /// <summary>Gets the instructions the model receives as its system message.</summary>
    public string Instructions { get; }

    /// <summary>Gets what the role is for, shown to the operator.</summary>
    public string? Purpose { get; init; }

    /// <summary>Gets the names of the capabilities this role may propose; any other capability is denied.</summary>
    public IReadOnlyList<string> GrantedCapabilities { get; init; } = [];

    /// <summary>Gets the model tier the role starts on: the service key of a keyed <c>IChatClient</c> (for example <c>small</c>), or <see langword="null"/> for the default client.</summary>
    /// <remarks>When the tier fails or its budget is spent, the runtime falls back along the cheaper tiers named in the kernel's model options.</remarks>
    public object? ModelKey { get; init; }

    /// <summary>Gets what happens when the agent is unsure, or <see langword="null"/> when its confidence is left to the policies alone.</summary>
    public AgentEscalation? Escalation { get; init; }

    /// <summary>Gets the bound on model round trips per intent.</summary>
    /// <value>The default value is <see cref="DefaultMaxToolIterations"/>.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int MaxToolIterations
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            field = value;
        }
    } = DefaultMaxToolIterations;

    /// <summary>Gets the memory entities the role may read, as templates filled from the intent's payload: <c>student/{student}</c> reads the entity named by the payload's <c>student</c> field.</summary>
    /// <remarks>A template whose field is missing from the payload is skipped. Nothing outside these scopes is put in the role's context: records retrieved as similar to the intent come from these entities too.</remarks>
    public IReadOnlyList<string> MemoryScopes { get; init; } = [];

    /// <summary>Gets the token budget of the memory context given to the model with each intent, or <see langword="null"/> to give none.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int? ContextTokenBudget
    {
        get;
        init
        {
            if (value is < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "A context token budget must be at least 1.");
            }

            field = value;
        }
    }

    /// <summary>Gets the token budget for the operator's past corrections and rejections of this role's proposals, given to the model as examples with each intent; 0 gives none.</summary>
    /// <value>The default is 512 tokens, newest examples first.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int CorrectionTokenBudget
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            field = value;
        }
    } = 512;

    /// <summary>Gets the strategy the role follows when no model is available, or <see langword="null"/> when it has none.</summary>
    public IAgentStrategy? DeterministicStrategy { get; init; }

    /// <summary>Returns whether the role was granted a capability.</summary>
    /// <param name="capability">The capability name.</param>
    /// <returns><see langword="true"/> when the capability is in <see cref="GrantedCapabilities"/>.</returns>
    public bool IsGranted(string capability)
    {
        foreach (string granted in GrantedCapabilities)
        {
            if (string.Equals(granted, capability, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
