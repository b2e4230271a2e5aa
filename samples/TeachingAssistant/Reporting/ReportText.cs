using System.Globalization;
using TeachingAssistant.Enrollment;

namespace TeachingAssistant.Reporting;

/// <summary>The human-readable summary printed at the end of a run.</summary>
internal static class ReportText
{
    public static void Write(TextWriter o, SemesterReport r, IReadOnlyList<string> digests, string reportPath)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        ReportMessages m = r.Messages;
        ReportGrading g = r.Grading;
        ReportBilling b = r.Billing;
        ReportApprovals a = r.Approvals;
        ReportSecurity s = r.Security;

        o.WriteLine();
        o.WriteLine("Weekly digests (in memory as digest/week-NN):");
        foreach (string digest in digests)
        {
            o.WriteLine("  " + digest);
        }

        o.WriteLine();
        o.WriteLine(string.Create(c, $"Semester report ({r.Run.Course}: {r.Run.Students} students, {r.Run.Weeks} weeks; mail {r.Run.MailSource})"));
        o.WriteLine(string.Create(c, $"  Messages   {m.Total:N0}: {m.AnsweredAutomatically:N0} answered automatically, {m.QueuedForReview:N0} drafted for review, {m.RoutedToOperator:N0} to the operator ({m.Forwarded:N0} cases, {m.Unrouted:N0} unrouted, {m.Refused:N0} refused), {m.ToEnrollment:N0} withdrawals to the enrollment workflow"));
        o.WriteLine(string.Create(c, $"             {m.LearnedAnswers:N0} answers learned from the operator's approvals and corrections"));
        o.WriteLine(string.Create(c, $"  Grading    {g.Submissions:N0} submissions: {g.Graded:N0} grades recorded ({g.Corrected:N0} corrected by the operator, average {g.AverageScorePercent}%), {g.Queued:N0} sent to the operator, {g.Ungraded:N0} not gradable; {g.WithoutProvenance} without provenance"));
        o.WriteLine(string.Create(c, $"  Billing    {b.Invoices:N0} invoices, {b.Payments:N0} payments; refunds {b.RefundsAuto} automatic, {b.RefundsQueued} queued ({b.RefundsApproved} approved); {b.RefundsAutoAboveThreshold} automatic above the {b.RefundThreshold} EUR threshold"));
        o.WriteLine(string.Create(c, $"             enrollments {b.EnrollmentsActive} active, {b.EnrollmentsPending} pending, {b.EnrollmentsRevoked} revoked; ledger: {b.LedgerSnapshot.Payments} payments ({b.LedgerSnapshot.Paid:N2} EUR), {b.LedgerSnapshot.Refunds} refunds ({b.LedgerSnapshot.Refunded:N2} EUR)"));
        ReportFlows f = r.Flows;
        o.WriteLine(string.Create(c, $"  Flows      {EnrollmentFlow.Name} v{EnrollmentFlow.Version}: {f.Instances} instances, {f.Registering} {EnrollmentFlow.Registering}, {f.AwaitingPayment} {EnrollmentFlow.AwaitingPayment}, {f.Active} {EnrollmentFlow.Active}, {f.Refunded} {EnrollmentFlow.Refunded}; {f.AwaitingApproval} waiting for the operator, {f.Failed} failed"));
        o.WriteLine(string.Create(c, $"  Approvals  {a.Requested:N0} requested: {a.Approved:N0} approved ({a.Corrected} of them corrected), {a.Rejected} rejected, {a.Expired} expired, {a.Pending} pending"));
        o.WriteLine(string.Create(c, $"  Security   {s.UntrustedProposals:N0} proposals from untrusted input; {s.InjectionAttempts} injection attempts ({s.InjectionMail} in mail, {s.InjectionSubmissions} in submissions); {s.UnauthorizedEffects} unauthorized effects"));
        foreach (string violation in s.Violations.Take(5))
        {
            o.WriteLine("             ! " + violation);
        }

        o.WriteLine(string.Create(c, $"  Journal    {r.Journal.Events:N0} events, hash chain {(r.Journal.Intact ? "intact" : "BROKEN: " + r.Journal.Problem)}; {r.Journal.Effects:N0} effects, each executed once ({r.Journal.ReplayedCompletions} replays answered from the connectors' ledgers)"));
        o.WriteLine(string.Create(c, $"  Memory     {r.Memory.CurrentFacts:N0} current facts, {r.Memory.VersionsWithoutInputs} versions without inputs, {r.Memory.StaleIndexEntries} stale index entries"));
        o.WriteLine("  Trust      " + string.Join(", ", r.Trust));
        o.WriteLine(string.Create(c, $"  Cost       {r.CostTokens:N0} tokens, {r.CostUsd:0.00} USD; degraded {r.DegradedSeconds} s; per message p50 {r.LatencyP50} ms, p95 {r.LatencyP95} ms"));
        o.WriteLine($"  Stored in  {r.Database} (ledger {Path.GetFileName(r.Ledger)}, documents {Path.GetFileName(r.Files)}/)");
        o.WriteLine($"  Report     {reportPath}");
    }
}
