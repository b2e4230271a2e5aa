namespace TeachingAssistant.Data;

/// <summary>A student's emailed question.</summary>
internal sealed record Question(string Student, string Subject, string Body);
