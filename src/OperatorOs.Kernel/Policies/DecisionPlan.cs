namespace OperatorOs;

/// <summary>The pipeline compiled for one key (and trust level): each policy's step and, when no policy needs the proposal, the finished evaluation.</summary>
/// <remarks>Immutable; the finished evaluation is shared by every decision that uses the plan.</remarks>
internal sealed class DecisionPlan
{
    private DecisionPlan(PolicyStep[]? steps, PolicyEvaluation? evaluation)
    {
        Steps = steps;
        Evaluation = evaluation;
    }

    /// <summary>Gets the steps in pipeline order, or <see langword="null"/> when <see cref="Evaluation"/> is set.</summary>
    public PolicyStep[]? Steps { get; }

    /// <summary>Gets the evaluation of every proposal that uses the plan, or <see langword="null"/> when some policy must run.</summary>
    public PolicyEvaluation? Evaluation { get; }

    public static DecisionPlan Create(PolicyStep[] steps)
    {
        var verdicts = new List<PolicyDecision>(steps.Length);
        foreach (PolicyStep step in steps)
        {
            if (step.MustRun)
            {
                return new DecisionPlan(steps, null);
            }

            if (step.Decision is { } decision)
            {
                verdicts.Add(decision);
            }
        }

        return new DecisionPlan(null, PolicyPipeline.Conclude([.. verdicts]));
    }
}
