using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace OperatorOs.Kernel.Tests.Trust;

public class TrustRulesPropertiesTests
{
    public enum Outcome
    {
        Approve,
        Correct,
        Reject,
    }

    private static Gen<(AgentTrustLevel Start, int Threshold, bool AutoPromote, Outcome[] Events)> CaseGen() =>
        from start in Gen.Elements(Enum.GetValues<AgentTrustLevel>())
        from threshold in Gen.Choose(1, 6)
        from auto in Gen.Elements(true, false)
        from events in Gen.Elements(Outcome.Approve, Outcome.Approve, Outcome.Approve, Outcome.Correct, Outcome.Reject).ArrayOf()
        select (start, threshold, auto, events);

    [Property(MaxTest = 500)]
    public Property Approved_Rejected_AnySequence_StaysInBoundsAndDemotesAfterEveryRejectOrCorrection() =>
        Prop.ForAll(Arb.From(CaseGen()), c =>
        {
            var options = new TrustLadderOptions { PromotionThreshold = c.Threshold, AutoPromote = c.AutoPromote };
            var standing = new TrustStanding("scribe", "notes.write", c.Start);
            foreach (Outcome outcome in c.Events)
            {
                TrustStanding before = standing;
                TrustTransition step = outcome == Outcome.Reject
                    ? TrustRules.Rejected(before, "no")
                    : TrustRules.Approved(before, corrected: outcome == Outcome.Correct, options);
                standing = step.Next;

                if (!Enum.IsDefined(standing.Level) || standing.ConsecutiveCleanApprovals < 0)
                {
                    return false;
                }

                if (outcome == Outcome.Approve)
                {
                    // A clean approval never lowers the level, and rises at most one level (only with auto-promotion).
                    bool promoted = standing.Level == before.Level + 1;
                    if (standing.Level < before.Level || (promoted && !c.AutoPromote) || standing.Level > before.Level + 1)
                    {
                        return false;
                    }

                    continue;
                }

                // A rejection or a correction: one level down (never into Observe), counter reset, no suggestion left.
                AgentTrustLevel expected = before.Level <= AgentTrustLevel.Propose ? before.Level : before.Level - 1;
                bool journaled = step.EventType == (expected == before.Level ? null : JournalEventTypes.TrustDemoted);
                if (standing.Level != expected || standing.ConsecutiveCleanApprovals != 0 || standing.PromotionSuggested || !journaled)
                {
                    return false;
                }
            }

            return true;
        });

    [Property(MaxTest = 200)]
    public Property Approved_CleanRunOfThreshold_SuggestsOrPromotesExactlyOnce() =>
        Prop.ForAll(Arb.From(Gen.Choose(1, 12)), Arb.From(Gen.Elements(AgentTrustLevel.Observe, AgentTrustLevel.Propose, AgentTrustLevel.AutoLowRisk)), (threshold, start) =>
        {
            foreach (bool auto in new[] { false, true })
            {
                var options = new TrustLadderOptions { PromotionThreshold = threshold, AutoPromote = auto };
                var standing = new TrustStanding("scribe", "notes.write", start);
                var events = new List<string>();
                for (int i = 0; i < threshold * 2 - 1; i++)
                {
                    TrustTransition step = TrustRules.Approved(standing, corrected: false, options);
                    standing = step.Next;
                    if (step.EventType is { } type)
                    {
                        events.Add(type);
                    }
                }

                string expected = auto ? JournalEventTypes.TrustPromoted : JournalEventTypes.TrustPromotionSuggested;
                AgentTrustLevel level = auto ? start + 1 : start;
                if (events.Count != 1 || events[0] != expected || standing.Level != level)
                {
                    return false;
                }
            }

            return true;
        });
}
