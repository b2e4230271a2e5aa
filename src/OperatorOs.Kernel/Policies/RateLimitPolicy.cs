using System.Collections.Concurrent;
using System.Globalization;

namespace OperatorOs;

/// <summary>Applies the policy file's rate limits per agent role and per capability; proposals over a limit get the rule's <see cref="RateLimitRule.Exceeded"/> verdict.</summary>
/// <remarks>
/// Every evaluation that a limit matches takes a permit, except an explanation, which only checks. Counters are kept per rule, so a reload that leaves a
/// rule unchanged keeps its count, and a changed rule starts a fresh window.
/// </remarks>
internal sealed class RateLimitPolicy : ICompiledPolicy, IDisposable
{
    private readonly IEffectivePolicySource _policy;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<RateLimitRule, FixedWindowCounter> _counters = new();
    private IReadOnlyList<RateLimitRule>? _lastRules;

    public RateLimitPolicy(IEffectivePolicySource policy, TimeProvider timeProvider)
    {
        _policy = policy;
        _timeProvider = timeProvider;
    }

    public ValueTask<PolicyDecision?> EvaluateAsync(PolicyContext context, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<RateLimitRule> rules = _policy.Current.RateLimits;
        if (!ReferenceEquals(rules, _lastRules))
        {
            Prune(rules);
        }

        ActionProposal proposal = context.Proposal;
        PolicyDecision? decision = null;
        foreach (RateLimitRule rule in rules)
        {
            if (!Matches(rule, proposal.ProposerKind == ActorKind.Agent ? proposal.Proposer : null, proposal.Capability))
            {
                continue;
            }

            FixedWindowCounter counter = _counters.GetOrAdd(rule, static (r, time) => new FixedWindowCounter(r.PermitLimit, r.Window, time), _timeProvider);
            (bool acquired, DateTimeOffset windowEnds) = counter.TryAcquire(consume: !context.IsExplanation);
            string what = rule.Scope == RateLimitScope.Agent ? $"agent '{rule.Name}'" : $"capability '{rule.Name}'";
            PolicyDecision candidate = acquired
                ? PolicyDecision.Execute(rule.RuleId, $"Within the limit of {rule.PermitLimit} proposals per {rule.Window:c} for {what}.")
                : new PolicyDecision(rule.Exceeded, rule.RuleId, $"Over the limit of {rule.PermitLimit} proposals per {rule.Window:c} for {what}; the window ends at {windowEnds.ToString("u", CultureInfo.InvariantCulture)}.");
            if (decision is null || candidate.Verdict > decision.Verdict)
            {
                decision = candidate;
            }
        }

        return ValueTask.FromResult(decision);
    }

    // Every matching evaluation takes a permit: the policy runs wherever a limit matches the agent or the capability.
    public PolicyStep Compile(EffectivePolicy policy, in DecisionKey key)
    {
        foreach (RateLimitRule rule in policy.RateLimits)
        {
            if (Matches(rule, key.Proposer, key.CapabilityName))
            {
                return PolicyStep.Run;
            }
        }

        return PolicyStep.Fixed(null);
    }

    public void Dispose()
    {
        foreach (FixedWindowCounter counter in _counters.Values)
        {
            counter.Dispose();
        }
    }

    private static bool Matches(RateLimitRule rule, string? agent, string capability) =>
        rule.Scope == RateLimitScope.Agent
            ? agent is not null && string.Equals(agent, rule.Name, StringComparison.Ordinal)
            : string.Equals(capability, rule.Name, StringComparison.Ordinal);

    private void Prune(IReadOnlyList<RateLimitRule> rules)
    {
        foreach (RateLimitRule stale in _counters.Keys.Except(rules))
        {
            // Not disposed: a concurrent evaluation may still hold it, and a manually replenished limiter owns no timer.
            _ = _counters.TryRemove(stale, out _);
        }

        _lastRules = rules;
    }
}
