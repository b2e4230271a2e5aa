namespace TeachingAssistant.Reporting;

/// <summary>The semester's numbers, each computed from what the journal, the ledger and memory hold at the end.</summary>
internal sealed record SemesterReport(
    ReportRun Run,
    ReportMessages Messages,
    ReportApprovals Approvals,
    ReportGrading Grading,
    ReportBilling Billing,
    ReportFlows Flows,
    ReportSecurity Security,
    ReportJournal Journal,
    ReportMemory Memory,
    IReadOnlyList<string> Trust,
    long CostTokens,
    decimal CostUsd,
    double LatencyP50,
    double LatencyP95,
    double DegradedSeconds,
    string Database,
    string Ledger,
    string Files);
