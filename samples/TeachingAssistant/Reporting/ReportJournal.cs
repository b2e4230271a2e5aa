namespace TeachingAssistant.Reporting;

/// <summary>The journal's size and integrity, and the effects it records (once per operation token).</summary>
internal sealed record ReportJournal(long Events, bool Intact, string? Problem, int Effects, int ReplayedCompletions);
