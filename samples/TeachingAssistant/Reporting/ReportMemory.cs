namespace TeachingAssistant.Reporting;

/// <summary>The memory audit's findings.</summary>
internal sealed record ReportMemory(int CurrentFacts, int ContradictedFacts, int VersionsWithoutInputs, int StaleIndexEntries);
