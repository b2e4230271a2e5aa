using System.Globalization;
using System.Text.Json;
using OperatorOs;

namespace OperatorOs.Benchmarks.Baselines;

/// <summary>
/// The straightforward implementation of the kernel's route + default policy checks: the same rules, rule ids and reasons,
/// with a dictionary lookup per call for routes, tiers, grants and trust standings, and LINQ over the rule lists (grants,
/// thresholds, rate limits) — no precomputation beyond loading the configuration.
/// </summary>
internal sealed class StraightforwardDecisionPath
{
    private readonly Dictionary<string, string> _routes;
    private readonly Dictionary<RiskTier, PolicyVerdict> _tierDefaults;
    private readonly Dictionary<string, RiskTier> _capabilityTiers;
    private readonly Dictionary<string, AgentGrant> _fileGrants;
    private readonly Dictionary<string, AgentRole> _agents;
    private readonly Dictionary<(string Agent, string Capability), AgentTrustLevel> _standings = [];
    private readonly TrustLadderOptions _trust;
    private readonly bool _shadowMode;
    private readonly List<AmountThreshold> _amounts;
    private readonly List<ConfidenceThreshold> _confidences;
    private readonly List<RateLimitRule> _rateLimits;
    private readonly Dictionary<RateLimitRule, (DateTimeOffset Start, int Count)> _windows = [];
    private readonly QuietHours? _quietHours;
    private readonly TimeProvider _timeProvider;

    public StraightforwardDecisionPath(IEnumerable<(string Intent, string Agent)> routes, IEnumerable<AgentRole> agents, OperatorOsOptions options, PolicyDocument? file, TimeProvider timeProvider)
    {
        _routes = routes.ToDictionary(r => r.Intent, r => r.Agent, StringComparer.Ordinal);
        _agents = agents.ToDictionary(a => a.Name, StringComparer.Ordinal);
        _tierDefaults = new Dictionary<RiskTier, PolicyVerdict>(options.TierDefaults);
        _capabilityTiers = new Dictionary<string, RiskTier>(options.CapabilityTiers, StringComparer.Ordinal);
        foreach (KeyValuePair<RiskTier, PolicyVerdict> pair in file?.TierDefaults ?? new Dictionary<RiskTier, PolicyVerdict>())
        {
            _tierDefaults[pair.Key] = pair.Value;
        }

        foreach (KeyValuePair<string, RiskTier> pair in file?.CapabilityTiers ?? new Dictionary<string, RiskTier>())
        {
            _capabilityTiers[pair.Key] = pair.Value;
        }

        _fileGrants = new Dictionary<string, AgentGrant>(file?.Grants ?? new Dictionary<string, AgentGrant>(), StringComparer.Ordinal);
        _trust = options.TrustLadder;
        _shadowMode = options.ShadowMode || file?.ShadowMode == true;
        _amounts = [.. file?.AmountThresholds ?? []];
        _confidences = [.. file?.ConfidenceThresholds ?? []];
        _rateLimits = [.. file?.RateLimits ?? []];
        _quietHours = file?.QuietHours;
        _timeProvider = timeProvider;
    }

    /// <summary>Routes an intent name: the agent that handles it, or <see langword="null"/>.</summary>
    public string? Route(string intentName) => _routes.TryGetValue(intentName, out string? agent) ? agent : null;

    /// <summary>Runs every check on a proposal and returns each rule's verdict and the strictest (first of equals).</summary>
    public PolicyEvaluation Evaluate(PolicyContext context)
    {
        ActionProposal proposal = context.Proposal;
        CapabilityDescriptor? capability = context.Capability;
        bool byAgent = proposal.ProposerKind == ActorKind.Agent;
        var verdicts = new List<PolicyDecision>();
        RiskTier tier = default;
        if (capability is null)
        {
            verdicts.Add(PolicyDecision.Deny("capability.unknown", $"No connector offers '{proposal.Capability}'."));
        }
        else
        {
            if (byAgent)
            {
                verdicts.Add(Scope(context.Agent, proposal));
            }

            tier = _capabilityTiers.TryGetValue(capability.Name, out RiskTier overridden) ? overridden : capability.RiskTier;
            PolicyVerdict tierDefault = _tierDefaults[tier];
            var tierDecision = new PolicyDecision(tierDefault, $"risk-tier.{tier.ToString().ToLowerInvariant()}", $"{tier} capabilities default to {tierDefault}.");
            verdicts.Add(byAgent && context.Agent is { } agent ? Trust(agent.Name, proposal.Capability, tier, tierDecision) : tierDecision);
            if (proposal.Taint == TrustLevel.Untrusted && tier >= RiskTier.External)
            {
                verdicts.Add(PolicyDecision.NeedsApproval("taint.untrusted", $"The arguments derive from untrusted input and '{capability.Name}' is {tier}."));
            }
        }

        if (_shadowMode)
        {
            verdicts.Add(PolicyDecision.ShadowOnly("shadow-mode", "Shadow mode is on: the action is recorded, not executed."));
        }

        if (_amounts.FirstOrDefault(t => t.Capability == proposal.Capability) is { } amount)
        {
            verdicts.Add(Amount(amount, proposal.Arguments));
        }

        if (_confidences.FirstOrDefault(t => t.Capability == proposal.Capability) is { } minimum)
        {
            string confidence = proposal.Confidence.ToString("0.###", CultureInfo.InvariantCulture);
            string least = minimum.Minimum.ToString("0.###", CultureInfo.InvariantCulture);
            verdicts.Add(proposal.Confidence < minimum.Minimum
                ? PolicyDecision.NeedsApproval(minimum.RuleId, $"Confidence {confidence} is below the minimum of {least} for '{proposal.Capability}'.")
                : PolicyDecision.Execute(minimum.RuleId, $"Confidence {confidence} meets the minimum of {least} for '{proposal.Capability}'."));
        }

        if (byAgent && _agents.TryGetValue(proposal.Proposer, out AgentRole? role) && role.Escalation is { } escalation && proposal.Confidence < escalation.ConfidenceThreshold)
        {
            verdicts.Add(PolicyDecision.NeedsApproval("agent-escalation", $"Agent '{proposal.Proposer}' was {proposal.Confidence.ToString("0.###", CultureInfo.InvariantCulture)} confident, below its escalation threshold of {escalation.ConfidenceThreshold.ToString("0.###", CultureInfo.InvariantCulture)}; the operator decides."));
        }

        List<PolicyDecision> limits = _rateLimits
            .Where(r => r.Scope == RateLimitScope.Agent ? byAgent && r.Name == proposal.Proposer : r.Name == proposal.Capability)
            .Select(r => RateLimit(r, consume: !context.IsExplanation))
            .ToList();
        if (limits.Count > 0)
        {
            verdicts.Add(limits.OrderByDescending(l => l.Verdict).First());
        }

        if (_quietHours is { } quiet && capability is not null && tier >= RiskTier.External)
        {
            DateTimeOffset local = TimeZoneInfo.ConvertTime(_timeProvider.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(quiet.TimeZoneId));
            if (quiet.Contains(TimeOnly.FromTimeSpan(local.TimeOfDay)))
            {
                verdicts.Add(PolicyDecision.NeedsApproval(QuietHours.RuleId, $"It is {local.ToString("HH:mm", CultureInfo.InvariantCulture)}, inside the quiet hours {quiet.From:HH:mm}-{quiet.To:HH:mm} {quiet.TimeZoneId}: {tier} actions need approval."));
            }
        }

        PolicyDecision decision = verdicts.Count == 0
            ? PolicyDecision.NeedsApproval("default.approval", "No policy ruled on this proposal.")
            : verdicts.OrderByDescending(v => v.Verdict).First();
        return new PolicyEvaluation(decision, verdicts);
    }

    private PolicyDecision Scope(AgentRole? agent, ActionProposal proposal)
    {
        if (agent is null)
        {
            return PolicyDecision.Deny("scope.unknown-agent", $"'{proposal.Proposer}' is not a registered agent role.");
        }

        bool granted = _fileGrants.TryGetValue(agent.Name, out AgentGrant? grant)
            ? grant.Capabilities.Any(c => c == proposal.Capability) || (grant.Mode == GrantMode.Extend && agent.GrantedCapabilities.Any(c => c == proposal.Capability))
            : agent.GrantedCapabilities.Any(c => c == proposal.Capability);
        return granted
            ? PolicyDecision.Execute("scope.granted", $"Agent '{agent.Name}' is granted '{proposal.Capability}'.")
            : PolicyDecision.Deny("scope.not-granted", $"Agent '{agent.Name}' is not granted '{proposal.Capability}'.");
    }

    private PolicyDecision Trust(string agent, string capability, RiskTier tier, PolicyDecision tierDefault)
    {
        if (tierDefault.Verdict is PolicyVerdict.Deny or PolicyVerdict.ShadowOnly)
        {
            return tierDefault;
        }

        AgentTrustLevel level = _standings.TryGetValue((agent, capability), out AgentTrustLevel recorded) ? recorded : _trust.InitialLevel(agent, capability);
        PolicyVerdict verdict = level switch
        {
            AgentTrustLevel.Observe => PolicyVerdict.ShadowOnly,
            AgentTrustLevel.Propose => tier == RiskTier.Read ? tierDefault.Verdict : PolicyVerdict.NeedsApproval,
            AgentTrustLevel.AutoLowRisk => tier <= RiskTier.Internal ? PolicyVerdict.Execute : PolicyVerdict.NeedsApproval,
            _ => PolicyVerdict.Execute,
        };
        string name = level switch
        {
            AgentTrustLevel.Observe => "observe",
            AgentTrustLevel.Propose => "propose",
            AgentTrustLevel.AutoLowRisk => "auto-low-risk",
            _ => "trusted",
        };
        return new PolicyDecision(verdict, $"trust.{name}.{agent}.{capability}", $"Agent '{agent}' is at trust level {level} for '{capability}' ({tier}; the tier default is {tierDefault.Verdict}).");
    }

    private static PolicyDecision Amount(AmountThreshold threshold, JsonElement arguments)
    {
        string limit = Money(threshold.AutoApproveUpTo, threshold.Currency);
        if (!arguments.TryGetProperty(threshold.Argument, out JsonElement value))
        {
            return PolicyDecision.NeedsApproval(threshold.RuleId, $"The '{threshold.Argument}' argument is missing, so the amount cannot be checked against the threshold of {limit}.");
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out decimal amount))
        {
            return PolicyDecision.NeedsApproval(threshold.RuleId, $"The '{threshold.Argument}' argument is not a number, so the amount cannot be checked against the threshold of {limit}.");
        }

        if (threshold.Currency is not null && arguments.TryGetProperty("currency", out JsonElement currency)
            && (currency.ValueKind != JsonValueKind.String || !string.Equals(currency.GetString(), threshold.Currency, StringComparison.OrdinalIgnoreCase)))
        {
            return PolicyDecision.NeedsApproval(threshold.RuleId, $"The amount is in {(currency.ValueKind == JsonValueKind.String ? currency.GetString() : "an unreadable currency")}, not {threshold.Currency}; the threshold of {limit} does not apply.");
        }

        if (amount < 0)
        {
            return PolicyDecision.NeedsApproval(threshold.RuleId, $"The amount {Money(amount, threshold.Currency)} is negative.");
        }

        return amount <= threshold.AutoApproveUpTo
            ? PolicyDecision.Execute(threshold.RuleId, $"{Money(amount, threshold.Currency)} is within the auto-approval threshold of {limit}.")
            : PolicyDecision.NeedsApproval(threshold.RuleId, $"{Money(amount, threshold.Currency)} is above the auto-approval threshold of {limit}.");
    }

    private static string Money(decimal amount, string? currency) =>
        currency is null ? amount.ToString(CultureInfo.InvariantCulture) : $"{amount.ToString(CultureInfo.InvariantCulture)} {currency}";

    private PolicyDecision RateLimit(RateLimitRule rule, bool consume)
    {
        DateTimeOffset now = _timeProvider.GetUtcNow();
        (DateTimeOffset start, int count) = _windows.TryGetValue(rule, out (DateTimeOffset Start, int Count) window) && now - window.Start < rule.Window ? window : (now, 0);
        bool within = count < rule.PermitLimit;
        if (consume && within)
        {
            _windows[rule] = (start, count + 1);
        }

        string what = rule.Scope == RateLimitScope.Agent ? $"agent '{rule.Name}'" : $"capability '{rule.Name}'";
        return within
            ? PolicyDecision.Execute(rule.RuleId, $"Within the limit of {rule.PermitLimit} proposals per {rule.Window:c} for {what}.")
            : new PolicyDecision(rule.Exceeded, rule.RuleId, $"Over the limit of {rule.PermitLimit} proposals per {rule.Window:c} for {what}; the window ends at {(start + rule.Window).ToString("u", CultureInfo.InvariantCulture)}.");
    }
}
