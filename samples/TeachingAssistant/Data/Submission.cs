namespace TeachingAssistant.Data;

/// <summary>A student's emailed submission of an assignment.</summary>
internal sealed record Submission(string Student, string Assignment, string Body);
