using System.Runtime.CompilerServices;

namespace OperatorOs;

/// <summary>
/// The policy pipeline compiled for one policy in force: for every capability a connector offers and every proposer (each registered
/// agent, and anyone who is not an agent), the verdict list and final decision per taint and, where the trust ladder rules, per level.
/// </summary>
/// <remarks>
/// Built from the stateless part of the policy set (scope grants, tier defaults, taint, shadow mode and the trust ladder's rule per
/// level); policies whose verdict depends on the proposal, the time or a counter are marked to run for the keys where one of their
/// rules exists, and policies that are not built in run for every key. A cell is found with one hash lookup on the descriptor and
/// role instances the context carries (the catalog's and the registry's, as the kernel resolves them), and holds only when the
/// proposal names that capability and that agent; anything else finds nothing and is evaluated uncompiled. No string is built or
/// hashed per lookup. Immutable and thread-safe.
/// </remarks>
internal sealed class DecisionTable
{
    private static readonly AgentTrustLevel[] Levels = Enum.GetValues<AgentTrustLevel>();

    private readonly Dictionary<CellKey, DecisionCell> _cells;

    private DecisionTable(EffectivePolicy policy, Dictionary<CellKey, DecisionCell> cells)
    {
        Policy = policy;
        _cells = cells;
    }

    /// <summary>Gets the policy in force the table was built for.</summary>
    public EffectivePolicy Policy { get; }

    /// <summary>Gets how many cells the table holds.</summary>
    public int Count => _cells.Count;

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

        AgentRole?[] proposers = [null, .. agents];
        var cells = new Dictionary<CellKey, DecisionCell>();
        foreach (CapabilityDescriptor capability in capabilities)
        {
            foreach (AgentRole? agent in proposers)
            {
                if (Compile(policy, policies, ladder, capability, agent) is { } cell)
                {
                    cells[new CellKey(capability, agent)] = cell;
                }
            }
        }

        return new DecisionTable(policy, cells);
    }

    /// <summary>Finds the cell for a context, or <see langword="null"/> when the context must be evaluated uncompiled.</summary>
    public DecisionCell? Find(PolicyContext context)
    {
        ActionProposal proposal = context.Proposal;
        AgentRole? agent = null;
        if (proposal.ProposerKind == ActorKind.Agent && (agent = context.Agent) is null)
        {
            return null;
        }

        if (context.Capability is not { } capability || !_cells.TryGetValue(new CellKey(capability, agent), out DecisionCell? cell))
        {
            return null;
        }

        // The cell was compiled for these names: a context that pairs the descriptor or role with another name is not covered.
        return string.Equals(proposal.Capability, capability.Name, StringComparison.Ordinal)
            && (agent is null || string.Equals(proposal.Proposer, agent.Name, StringComparison.Ordinal))
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

    /// <summary>A cell's key: the very descriptor and role instances, compared by reference.</summary>
    /// <remarks>Equatable itself, so the dictionary compares keys without an interface call per probe.</remarks>
    private readonly struct CellKey : IEquatable<CellKey>
    {
        private readonly CapabilityDescriptor _capability;
        private readonly AgentRole? _agent;

        public CellKey(CapabilityDescriptor capability, AgentRole? agent)
        {
            _capability = capability;
            _agent = agent;
        }

        public bool Equals(CellKey other) => ReferenceEquals(_capability, other._capability) && ReferenceEquals(_agent, other._agent);

        public override bool Equals(object? obj) => obj is CellKey other && Equals(other);

        public override int GetHashCode() => RuntimeHelpers.GetHashCode(_capability) ^ (_agent is null ? 0 : RuntimeHelpers.GetHashCode(_agent) * 31);
    }
}
