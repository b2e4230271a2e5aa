namespace OperatorOs;

/// <summary>One policy's part in a compiled decision: a verdict known in advance (possibly none), or a call the proposal needs.</summary>
internal readonly struct PolicyStep
{
    private PolicyStep(bool mustRun, PolicyDecision? decision)
    {
        MustRun = mustRun;
        Decision = decision;
    }

    /// <summary>Gets a step that calls the policy for each proposal: its verdict depends on the proposal's values, the time or a counter.</summary>
    public static PolicyStep Run => new(mustRun: true, null);

    /// <summary>Gets a value indicating whether the policy must be called.</summary>
    public bool MustRun { get; }

    /// <summary>Gets the verdict known in advance, or <see langword="null"/> when the policy has no opinion (or must run).</summary>
    public PolicyDecision? Decision { get; }

    /// <summary>Returns a step whose verdict is known in advance.</summary>
    public static PolicyStep Fixed(PolicyDecision? decision) => new(mustRun: false, decision);
}
