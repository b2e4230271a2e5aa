namespace TeachingAssistant.Enrollment;

/// <summary>The course's refund rule that the kernel's policy file cannot express: how long after a payment a refund runs without the operator.</summary>
internal sealed class EnrollmentOptions
{
    /// <summary>Gets or sets how long after a payment its refund may execute automatically (the policy file's amount threshold still applies).</summary>
    /// <value>The default value is 14 days.</value>
    public TimeSpan RefundWindow { get; set; } = TimeSpan.FromDays(14);
}
