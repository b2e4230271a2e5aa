namespace TeachingAssistant.Intake;

/// <summary>How an inbound message or submission was handled, as recorded in its memory record.</summary>
internal static class Disposition
{
    /// <summary>A reply from an approved answer went out without the operator.</summary>
    public const string Answered = "answered";

    /// <summary>The agent's draft (a reply, a case or a grade sheet) waits for the operator's review.</summary>
    public const string Queued = "queued";

    /// <summary>The triage agent opened a case for the operator (extension, grade dispute, complaint, unanswerable question).</summary>
    public const string Forwarded = "forwarded";

    /// <summary>The kernel found no agent close to the message; it went to the operator unrouted.</summary>
    public const string Unrouted = "unrouted";

    /// <summary>The agent refused to act (an injection attempt, or nothing it could act on); the operator sees it in the digest.</summary>
    public const string Refused = "refused";

    /// <summary>A withdrawal: the enrollment workflow took the refund case.</summary>
    public const string Enrollment = "enrollment";

    /// <summary>The grade sheet was filed without the operator.</summary>
    public const string Graded = "graded";

    /// <summary>No grade was proposed (no rubric for the assignment); the operator decides.</summary>
    public const string Ungraded = "ungraded";

    /// <summary>The proposal was invalid, denied or failed.</summary>
    public const string Failed = "failed";
}
