namespace TeachingAssistant.Reporting;

/// <summary>Payments and refunds as the journal tells them, enrollment states from memory, and the ledger's own counts.</summary>
internal sealed record ReportBilling(
    int Invoices,
    int Payments,
    int RefundsAuto,
    int RefundsQueued,
    int RefundsApproved,
    int RefundsAutoAboveThreshold,
    decimal RefundThreshold,
    int EnrollmentsActive,
    int EnrollmentsPending,
    int EnrollmentsRevoked,
    LedgerSnapshot LedgerSnapshot);
