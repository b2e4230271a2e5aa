namespace OperatorOs;

/// <summary>The ladder's rules as pure functions of a standing, so they can be tested exhaustively.</summary>
internal static class TrustRules
{
    /// <summary>The operator approved a proposal: a clean approval counts, a correction demotes.</summary>
    public static TrustTransition Approved(TrustStanding current, bool corrected, TrustLadderOptions options)
    {
        if (corrected)
        {
            return AutoDemote(current, "The operator corrected the proposal's arguments.");
        }

        int count = current.ConsecutiveCleanApprovals + 1;
        TrustStanding counted = current with { ConsecutiveCleanApprovals = count };
        if (current.Level == AgentTrustLevel.Trusted || count < options.PromotionThreshold)
        {
            return new TrustTransition(counted, null, $"{count} consecutive clean approvals.");
        }

        string reason = $"{count} consecutive approvals without edits (threshold {options.PromotionThreshold}).";
        if (options.AutoPromote)
        {
            return new TrustTransition(Reset(current, current.Level + 1), JournalEventTypes.TrustPromoted, reason + " Promoted automatically.");
        }

        return current.PromotionSuggested
            ? new TrustTransition(counted, null, reason)
            : new TrustTransition(counted with { PromotionSuggested = true }, JournalEventTypes.TrustPromotionSuggested, reason);
    }

    /// <summary>The operator rejected a proposal: demote one level, not below Propose.</summary>
    public static TrustTransition Rejected(TrustStanding current, string reason) =>
        AutoDemote(current, $"The operator rejected the proposal: {reason}");

    /// <summary>The operator corrected or rejected work the agent itself flagged as unsure: no demotion, but the clean streak starts over.</summary>
    public static TrustTransition Reviewed(TrustStanding current) =>
        new(current with { ConsecutiveCleanApprovals = 0 }, null, "The operator reviewed work the agent escalated as unsure; no demotion.");

    /// <summary>The operator promotes: one level up, counter reset; nothing changes at Trusted.</summary>
    public static TrustTransition Promote(TrustStanding current, string decidedBy) =>
        current.Level == AgentTrustLevel.Trusted
            ? new TrustTransition(current, null, "Already trusted.")
            : new TrustTransition(Reset(current, current.Level + 1), JournalEventTypes.TrustPromoted, $"Promoted by {decidedBy}.");

    /// <summary>The operator demotes: one level down, to Observe at the lowest, counter reset.</summary>
    public static TrustTransition Demote(TrustStanding current, string reason) =>
        current.Level == AgentTrustLevel.Observe
            ? new TrustTransition(current, null, "Already observing.")
            : new TrustTransition(Reset(current, current.Level - 1), JournalEventTypes.TrustDemoted, reason);

    // A rejection or correction costs one level, but never drops an agent into shadow: Observe is only set by the operator.
    private static TrustTransition AutoDemote(TrustStanding current, string reason)
    {
        AgentTrustLevel level = current.Level <= AgentTrustLevel.Propose ? current.Level : current.Level - 1;
        TrustStanding next = Reset(current, level);
        return new TrustTransition(next, level == current.Level ? null : JournalEventTypes.TrustDemoted, reason);
    }

    private static TrustStanding Reset(TrustStanding current, AgentTrustLevel level) =>
        current with { Level = level, ConsecutiveCleanApprovals = 0, PromotionSuggested = false };
}
