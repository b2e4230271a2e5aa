using System.Globalization;

namespace OperatorOs;

/// <summary>Inside the policy file's quiet hours, holds External, Financial and Commitment actions for approval.</summary>
internal sealed class QuietHoursPolicy : IPolicy
{
    private readonly IEffectivePolicySource _policy;
    private readonly TimeProvider _timeProvider;

    public QuietHoursPolicy(IEffectivePolicySource policy, TimeProvider timeProvider)
    {
        _policy = policy;
        _timeProvider = timeProvider;
    }

    public ValueTask<PolicyDecision?> EvaluateAsync(PolicyContext context, CancellationToken cancellationToken = default)
    {
        EffectivePolicy policy = _policy.Current;
        if (policy.QuietHours is not { } quiet || context.Capability is null)
        {
            return ValueTask.FromResult<PolicyDecision?>(null);
        }

        RiskTier tier = policy.TierOf(context.Capability);
        if (tier < RiskTier.External)
        {
            return ValueTask.FromResult<PolicyDecision?>(null);
        }

        string hours = $"{quiet.From.ToString("HH:mm", CultureInfo.InvariantCulture)}-{quiet.To.ToString("HH:mm", CultureInfo.InvariantCulture)} {quiet.TimeZoneId}";
        if (policy.QuietHoursZone is not { } zone)
        {
            return ValueTask.FromResult<PolicyDecision?>(PolicyDecision.NeedsApproval(
                QuietHours.RuleId, $"The quiet hours' time zone '{quiet.TimeZoneId}' is unknown on this machine, so every {tier} action needs approval."));
        }

        DateTimeOffset local = TimeZoneInfo.ConvertTime(_timeProvider.GetUtcNow(), zone);
        return ValueTask.FromResult<PolicyDecision?>(quiet.Contains(TimeOnly.FromTimeSpan(local.TimeOfDay))
            ? PolicyDecision.NeedsApproval(QuietHours.RuleId, $"It is {local.ToString("HH:mm", CultureInfo.InvariantCulture)}, inside the quiet hours {hours}: {tier} actions need approval.")
            : null);
    }
}
