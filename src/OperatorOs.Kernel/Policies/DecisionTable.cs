using System.Collections.Frozen;

namespace OperatorOs;

/// <summary>
/// The policy pipeline compiled for one policy in force: for every capability a connector offers and every proposer (each registered
/// agent, and anyone who is not an agent), the verdict list and final decision per taint and, where the trust ladder rules, per level.
/// </summary>
/// <remarks>
/// Built from the stateless part of the policy set (scope grants, tier defaults, taint, shadow mode and the trust ladder's rule per
/// level); policies whose verdict depends on the proposal, the time or a counter are marked to run for the keys where one of their
/// rules exists, and policies that are not built in run for every key. Lookups are frozen-dictionary lookups on the capability and
/// agent names the proposal carries; a context whose descriptor or role is not the very instance the table was built with finds
/// nothing, and is evaluated uncompiled. Immutable and thread-safe.
/// </remarks>
internal sealed class DecisionTable
{
    private static readonly AgentTrustLevel[] Levels = Enum.GetValues<AgentTrustLevel>();

    private readonly FrozenDictionary<string, CapabilityCells> _capabilities;

    private DecisionTable(EffectivePolicy policy, FrozenDictionary<string, CapabilityCells> capabilities)
    {
        Policy = policy;
        _capabilities = capabilities;
    }

    /// <summary>Gets the policy in force the table was built for.</summary>
    public EffectivePolicy Policy { get; }

    /// <summary>Builds the table, or returns <see langword="null"/> when the pipeline cannot be compiled (more than one trust ladder decides).</summary>
    /// <param name="policy">The policy in force.</param>
    /// <param name="policies">The pipeline's policies, in order.</param>
    /// <param name="capabilities">The capabilities connectors offer.</param>
    /// <param name="agents">The registered agent roles under <paramref name="policy"/>.</param>
    public static DecisionTable? Build(EffectivePolicy policy, IReadOnlyList<IPolicy> policies, IEnumerable<CapabilityDescriptor> capabilities, IEnumerable<AgentRole> agents)
    {
        TrustLadder? ladder = null;
        foreach (IPolicy candidate in policies)
        {
            if (candidate is TrustLadderPolicy trust)
            {
                if (ladder is not null && !ReferenceEquals(ladder, trust.Ladder))
                {
                    return null;
                }

                ladder = trust.Ladder;
            }
        }

        AgentRole[] roles = [.. agents];
        var byCapability = new Dictionary<string, CapabilityCells>(StringComparer.Ordinal);
        foreach (CapabilityDescriptor capability in capabilities)
        {
            var byAgent = new Dictionary<string, DecisionCell>(StringComparer.Ordinal);
            foreach (AgentRole role in roles)
            {
                if (Compile(policy, policies, ladder, capability, role) is { } cell)
                {
                    byAgent[role.Name] = cell;
                }
            }

            byCapability[capability.Name] = new CapabilityCells(capability, Compile(policy, policies, ladder, capability, agent: null), byAgent.ToFrozenDictionary(StringComparer.Ordinal));
        }

        return new DecisionTable(policy, byCapability.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>Finds the cell for a context, or <see langword="null"/> when the context must be evaluated uncompiled.</summary>
    public DecisionCell? Find(PolicyContext context)
    {
        ActionProposal proposal = context.Proposal;
        if (!_capabilities.TryGetValue(proposal.Capability, out CapabilityCells? cells) || !ReferenceEquals(cells.Descriptor, context.Capability))
        {
            return null;
        }

        if (proposal.ProposerKind != ActorKind.Agent)
        {
            return cells.NotByAgent;
        }

        // An agent's cell is found by the name the proposal carries, and holds only for the role the context resolved it to.
        return context.Agent is { } agent && cells.ByAgent.TryGetValue(proposal.Proposer, out DecisionCell? cell) && ReferenceEquals(cell.Agent, agent)
            ? cell
            : null;
    }

    private static DecisionCell? Compile(EffectivePolicy policy, IReadOnlyList<IPolicy> policies, TrustLadder? ladder, CapabilityDescriptor capability, AgentRole? agent)
    {
        var probe = new DecisionKey(capability.Name, capability, agent is not null, agent?.Name, agent, TrustLevel.Untrusted);
        bool trusted = ladder is not null && TrustLadderPolicy.Applies(probe);
        AgentTrustLevel initial = trusted ? policy.Trust.InitialLevel(agent!.Name, capability.Name) : AgentTrustLevel.Propose;
        var plans = new DecisionPlan[DecisionCell.PlanCount(trusted)];
        try
        {
            foreach (TrustLevel taint in (ReadOnlySpan<TrustLevel>)[TrustLevel.Untrusted, TrustLevel.Internal, TrustLevel.Operator])
            {
                DecisionKey key = probe with { Taint = taint };
                foreach (AgentTrustLevel level in trusted ? Levels : [AgentTrustLevel.Observe])
                {
                    var steps = new PolicyStep[policies.Count];
                    for (int i = 0; i < steps.Length; i++)
                    {
                        steps[i] = policies[i] switch
                        {
                            TrustLadderPolicy => PolicyStep.Fixed(TrustLadderPolicy.Decide(policy, key, level)),
                            ICompiledPolicy compiled => compiled.Compile(policy, key),
                            _ => PolicyStep.Run,
                        };
                    }

                    plans[DecisionCell.Index(taint, level, trusted)] = DecisionPlan.Create(steps);
                }
            }
        }
        catch (KeyNotFoundException)
        {
            // A tier without a default: evaluating such a proposal fails as it always did, uncompiled.
            return null;
        }

        return new DecisionCell(capability, agent, trusted ? ladder : null, initial, plans);
    }

    private sealed record CapabilityCells(CapabilityDescriptor Descriptor, DecisionCell? NotByAgent, FrozenDictionary<string, DecisionCell> ByAgent);
}
