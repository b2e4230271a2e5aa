using System.Globalization;

namespace OperatorOs;

/// <summary>Inside the policy file's quiet hours, holds External, Financial and Commitment actions for approval.</summary>
internal sealed class QuietHoursPolicy : ICompiledPolicy
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
        if (!Applies(policy, context.Capability))
        {
            return ValueTask.FromResult<PolicyDecision?>(null);
        }

        QuietHours quiet = policy.QuietHours!;
        RiskTier tier = policy.TierOf(context.Capability!);
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

    // The verdict depends on the time: the policy runs for External, Financial and Commitment capabilities when there are quiet hours.
    public PolicyStep Compile(EffectivePolicy policy, in DecisionKey key) =>
        Applies(policy, key.Capability) ? PolicyStep.Run : PolicyStep.Fixed(null);

    private static bool Applies(EffectivePolicy policy, CapabilityDescriptor? capability) =>
        policy.QuietHours is not null && capability is not null && policy.TierOf(capability) >= RiskTier.External;
}
