namespace OperatorOs;

/// <summary>A built-in policy the decision table can precompute: its verdict for every proposal with a key, or that it must run.</summary>
/// <remarks>
/// <see cref="Compile"/> must agree with <see cref="IPolicy.EvaluateAsync"/>: for a proposal whose context has the key, a fixed step
/// holds what the evaluation would return under that policy in force, so implementations share one decision function. A policy
/// returns <see cref="PolicyStep.Run"/> whenever its verdict depends on more than the key (arguments, confidence, time, counters),
/// and a fixed <see langword="null"/> only where its evaluation would certainly have no opinion. Policies that are not built in
/// never implement it, so the pipeline always runs them.
/// </remarks>
internal interface ICompiledPolicy : IPolicy
{
    /// <summary>Returns the policy's step for proposals with a key under a policy in force.</summary>
    /// <param name="policy">The policy in force the table is built for.</param>
    /// <param name="key">The proposals' key.</param>
    PolicyStep Compile(EffectivePolicy policy, in DecisionKey key);
}
