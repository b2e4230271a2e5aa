namespace TeachingAssistant.Reporting;

/// <summary>Submissions, grades of record and their provenance.</summary>
internal sealed record ReportGrading(int Submissions, int Graded, int Queued, int Ungraded, int WithoutProvenance, int Corrected, double AverageScorePercent);
