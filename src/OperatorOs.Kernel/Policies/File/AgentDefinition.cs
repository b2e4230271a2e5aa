namespace OperatorOs;

/// <summary>An agent role as the policy file declares it; it adds a role, or replaces the declared settings of a role registered in code (its deterministic strategy stays).</summary>
/// <param name="Name">The role name.</param>
/// <param name="Instructions">The instructions the model receives as its system message.</param>
public sealed record AgentDefinition(string Name, string Instructions)
{
    /// <summary>Gets what the role is for.</summary>
    public string? Purpose { get; init; }

    /// <summary>Gets the capabilities the role may propose.</summary>
    public IReadOnlyList<string> Capabilities { get; init; } = [];

    /// <summary>Gets the model tier the role starts on, or <see langword="null"/> for the default client.</summary>
    public string? ModelTier { get; init; }

    /// <summary>Gets the confidence below which the role escalates, or <see langword="null"/> for no escalation.</summary>
    public double? EscalationThreshold { get; init; }

    /// <summary>Gets the tier asked when the role is unsure, or <see langword="null"/> to go to the operator.</summary>
    public string? EscalateTo { get; init; }

    /// <summary>Gets the confidence a model's tool call counts as when it reports none, or <see langword="null"/> for the default of <see cref="AgentEscalation.UnreportedConfidence"/> (unsure).</summary>
    public double? UnreportedConfidence { get; init; }

    /// <summary>Gets the risk tiers whose capabilities are always decided on the escalation tier, or <see langword="null"/> for the default of <see cref="AgentEscalation.EscalateRiskTiers"/>.</summary>
    public IReadOnlyList<RiskTier>? EscalateRiskTiers { get; init; }

    /// <summary>Gets whether a call policy would not run at once is decided on the escalation tier, or <see langword="null"/> for the default of <see cref="AgentEscalation.EscalateWhenPolicyHolds"/>.</summary>
    public bool? EscalateWhenPolicyHolds { get; init; }

    /// <summary>Gets the memory entity templates the role may read.</summary>
    public IReadOnlyList<string> MemoryScopes { get; init; } = [];

    /// <summary>Gets the token budget of the role's memory context, or <see langword="null"/> for none.</summary>
    public int? ContextTokenBudget { get; init; }

    /// <summary>Gets the bound on model round trips per intent, or <see langword="null"/> for the default.</summary>
    public int? MaxToolIterations { get; init; }

    /// <inheritdoc/>
    public bool Equals(AgentDefinition? other) =>
        other is not null && Name == other.Name && Instructions == other.Instructions && Purpose == other.Purpose &&
        Capabilities.SequenceEqual(other.Capabilities) && ModelTier == other.ModelTier && EscalationThreshold == other.EscalationThreshold &&
        EscalateTo == other.EscalateTo && UnreportedConfidence == other.UnreportedConfidence &&
        (EscalateRiskTiers ?? []).SequenceEqual(other.EscalateRiskTiers ?? []) && (EscalateRiskTiers is null) == (other.EscalateRiskTiers is null) &&
        EscalateWhenPolicyHolds == other.EscalateWhenPolicyHolds && MemoryScopes.SequenceEqual(other.MemoryScopes) && ContextTokenBudget == other.ContextTokenBudget &&
        MaxToolIterations == other.MaxToolIterations;

    private AgentEscalation Escalation(double threshold)
    {
        var defaults = new AgentEscalation(threshold);
        return new AgentEscalation(threshold)
        {
            EscalateTo = EscalateTo,
            UnreportedConfidence = UnreportedConfidence ?? 0,
            EscalateRiskTiers = EscalateRiskTiers ?? defaults.EscalateRiskTiers,
            EscalateWhenPolicyHolds = EscalateWhenPolicyHolds ?? defaults.EscalateWhenPolicyHolds,
        };
    }

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name, Instructions, ModelTier, Capabilities.Count);

    /// <summary>Builds the role, keeping what only code can declare from the role registered in code, if any.</summary>
    /// <param name="declared">The role registered in code under the same name, or <see langword="null"/>.</param>
    /// <returns>The role.</returns>
    public AgentRole ToRole(AgentRole? declared) => new(Name, Instructions)
    {
        Purpose = Purpose ?? declared?.Purpose,
        GrantedCapabilities = Capabilities.Count > 0 ? Capabilities : declared?.GrantedCapabilities ?? [],
        ModelKey = ModelTier ?? declared?.ModelKey,
        Escalation = EscalationThreshold is { } threshold ? Escalation(threshold) : declared?.Escalation,
        MemoryScopes = MemoryScopes.Count > 0 ? MemoryScopes : declared?.MemoryScopes ?? [],
        ContextTokenBudget = ContextTokenBudget ?? declared?.ContextTokenBudget,
        MaxToolIterations = MaxToolIterations ?? declared?.MaxToolIterations ?? AgentRole.DefaultMaxToolIterations,
        CorrectionTokenBudget = declared?.CorrectionTokenBudget ?? 512,
        DeterministicStrategy = declared?.DeterministicStrategy,
    };
}
