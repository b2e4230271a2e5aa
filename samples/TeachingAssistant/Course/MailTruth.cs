namespace TeachingAssistant.Course;

/// <summary>What a generated email really is, for the simulated operator's judgement; <paramref name="Topic"/> names the FAQ topic of a question.</summary>
internal sealed record MailTruth(MailKind Kind, string? Topic);
