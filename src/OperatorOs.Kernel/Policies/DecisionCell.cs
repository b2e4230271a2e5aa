namespace OperatorOs;

/// <summary>The compiled decisions for one capability and one proposer (an agent, or anyone who is not one): a plan per taint and, where the trust ladder rules, per level.</summary>
internal sealed class DecisionCell
{
    private const int TaintCount = 3;
    private const int LevelCount = 4;

    private readonly DecisionPlan[] _plans;

    public DecisionCell(CapabilityDescriptor capability, AgentRole? agent, TrustLadder? ladder, AgentTrustLevel initialLevel, DecisionPlan[] plans)
    {
        Capability = capability;
        Agent = agent;
        Ladder = ladder;
        Trust = ladder?.Slot(agent!.Name, capability.Name);
        InitialLevel = initialLevel;
        FallbackLevel = TrustLadder.FallbackLevel(initialLevel);
        _plans = plans;
    }

    /// <summary>Gets the capability the cell was compiled for; a context must carry this very descriptor.</summary>
    public CapabilityDescriptor Capability { get; }

    /// <summary>Gets the agent role the cell was compiled for (this very role), or <see langword="null"/> for proposals that are not an agent's.</summary>
    public AgentRole? Agent { get; }

    /// <summary>Gets the ladder whose standing decides, or <see langword="null"/> when no trust level decides.</summary>
    public TrustLadder? Ladder { get; }

    /// <summary>Gets the agent's cached standing for the capability, or <see langword="null"/> when no trust level decides.</summary>
    public TrustSlot? Trust { get; }

    /// <summary>Gets the agent's starting level for the capability under the policy the table was built for.</summary>
    public AgentTrustLevel InitialLevel { get; }

    /// <summary>Gets the level an unreadable standing counts as under that policy.</summary>
    public AgentTrustLevel FallbackLevel { get; }

    /// <summary>Gets how many plans a cell holds: one per taint, times one per level where the ladder rules.</summary>
    public static int PlanCount(bool trusted) => TaintCount * (trusted ? LevelCount : 1);

    /// <summary>Returns the plan's index for a taint and level.</summary>
    public static int Index(TrustLevel taint, AgentTrustLevel level, bool trusted) => ((int)taint * (trusted ? LevelCount : 1)) + (trusted ? (int)level : 0);

    /// <summary>Returns whether a taint and a level have plans (they are defined values).</summary>
    public static bool IsCompiled(TrustLevel taint, AgentTrustLevel level) => (uint)taint < TaintCount && (uint)level < LevelCount;

    /// <summary>Returns the plan for a taint and level, or <see langword="null"/> for values that have none.</summary>
    public DecisionPlan? Plan(TrustLevel taint, AgentTrustLevel level) =>
        IsCompiled(taint, level) ? _plans[Index(taint, level, Trust is not null)] : null;

    /// <summary>Returns the level a snapshot of the agent's standing stands for.</summary>
    public AgentTrustLevel LevelOf(TrustSnapshot snapshot) => snapshot.Level(InitialLevel, FallbackLevel);
}
