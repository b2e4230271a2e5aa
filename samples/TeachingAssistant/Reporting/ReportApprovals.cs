namespace TeachingAssistant.Reporting;

/// <summary>The approval queue: requested, decided (corrections are approvals with edited arguments), still pending.</summary>
internal sealed record ReportApprovals(int Requested, int Pending, int Approved, int Corrected, int Rejected, int Expired);
