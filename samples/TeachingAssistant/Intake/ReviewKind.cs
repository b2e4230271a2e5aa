namespace TeachingAssistant.Intake;

/// <summary>What an approval the host waits on is about.</summary>
internal enum ReviewKind
{
    /// <summary>The triage agent's reply or case for a message.</summary>
    Mail,

    /// <summary>The grader's sheet for a submission.</summary>
    Submission,

    /// <summary>The enrollment workflow's refund.</summary>
    Refund,
}
