namespace TeachingAssistant.Reporting;

/// <summary>What was run: the course, its size, the mail source, the host mode, and whether this run resumed an earlier one.</summary>
internal sealed record ReportRun(string Course, int Seed, int Students, int Weeks, string MailSource, string Mode, bool Resumed, int Skipped, double WallSeconds);
