using OperatorOs;
using TeachingAssistant.Agents;
using TeachingAssistant.Enrollment;
using TeachingAssistant.Hosting;
using TeachingAssistant.Intake;

namespace TeachingAssistant.Reporting;

/// <summary>Builds the report from the stores at the end of a run: memory's records, the journal's audit, the ledger's counts, the flows' states, the live queue and metrics.</summary>
internal sealed class ReportBuilder
{
    private readonly Journal _journal;
    private readonly MemoryStore _memory;
    private readonly MemoryIndex _index;
    private readonly IApprovalQueue _approvals;
    private readonly IOperatorMetrics _metrics;
    private readonly IOperatorStatus _status;
    private readonly ITrustLadder _trust;
    private readonly IPolicyFileStatus _policy;
    private readonly IEnumerable<Connector> _connectors;
    private readonly IFlowRuntime _flows;
    private readonly IEnumerable<AgentRole> _roles;
    private readonly TimeProvider _clock;
    private readonly SemesterOptions _options;

    public ReportBuilder(
        Journal journal, MemoryStore memory, MemoryIndex index, IApprovalQueue approvals, IOperatorMetrics metrics, IOperatorStatus status, ITrustLadder trust,
        IPolicyFileStatus policy, IEnumerable<Connector> connectors, IFlowRuntime flows, IEnumerable<AgentRole> roles, TimeProvider clock, SemesterOptions options)
    {
        _flows = flows;
        _journal = journal;
        _memory = memory;
        _index = index;
        _approvals = approvals;
        _metrics = metrics;
        _status = status;
        _trust = trust;
        _policy = policy;
        _connectors = connectors;
        _roles = roles;
        _clock = clock;
        _options = options;
    }

    /// <summary>Audits the journal alone: what the security numbers and the "nothing repeated" check rest on.</summary>
    public async Task<JournalAudit> AuditJournalAsync(CancellationToken cancellationToken)
    {
        MemoryCensus census = await MemoryCensus.TakeAsync(_memory, cancellationToken);
        return await JournalAudit.ReadAsync(_journal, AuditRules.From(_connectors, _roles, _policy.Current, census.Flagged), cancellationToken);
    }

    public async Task<SemesterReport> BuildAsync(ReportRun run, CancellationToken cancellationToken)
    {
        MemoryCensus census = await MemoryCensus.TakeAsync(_memory, cancellationToken);
        var rules = AuditRules.From(_connectors, _roles, _policy.Current, census.Flagged);
        JournalAudit audit = await JournalAudit.ReadAsync(_journal, rules, cancellationToken);
        JournalVerification verification = await _journal.VerifyAsync(cancellationToken);
        MemoryAuditReport memoryAudit = await new MemoryAudit(_memory, _clock, _index).RunAsync(cancellationToken);
        IReadOnlyList<ApprovalRequest> pending = await _approvals.ListPendingAsync(cancellationToken);
        IReadOnlyList<TrustStanding> standings = await _trust.ListAsync(cancellationToken);
        OperatorMetricsSnapshot metrics = _metrics.GetSnapshot();
        IReadOnlyList<FlowInstance> enrollments = await _flows.ListAsync(new FlowQuery { FlowName = EnrollmentFlow.Name, IncludeCompleted = true }, cancellationToken);
        var flows = new ReportFlows(
            enrollments.Count,
            enrollments.Count(f => f.State == EnrollmentFlow.Registering),
            enrollments.Count(f => f.State == EnrollmentFlow.AwaitingPayment),
            enrollments.Count(f => f.State == EnrollmentFlow.Active),
            enrollments.Count(f => f.State == EnrollmentFlow.Refunded),
            enrollments.Count(f => f.Status == FlowStatus.AwaitingApproval),
            enrollments.Count(f => f.Status == FlowStatus.Failed));

        var messages = new ReportMessages(
            Total: census.MailTotal,
            AnsweredAutomatically: census.MailWith(Disposition.Answered),
            QueuedForReview: census.MailWith(Disposition.Queued),
            RoutedToOperator: census.MailWith(Disposition.Forwarded, Disposition.Unrouted, Disposition.Refused),
            Forwarded: census.MailWith(Disposition.Forwarded),
            Unrouted: census.MailWith(Disposition.Unrouted),
            Refused: census.MailWith(Disposition.Refused),
            ToEnrollment: census.MailWith(Disposition.Enrollment),
            Failed: census.MailWith(Disposition.Failed),
            LearnedAnswers: census.LearnedAnswers);
        var grading = new ReportGrading(
            Submissions: census.SubmissionTotal,
            Graded: census.Grades,
            Queued: audit.QueuedFrom(Roles.GraderName),
            Ungraded: census.SubmissionsWith(Disposition.Ungraded, Disposition.Failed),
            WithoutProvenance: census.GradesWithoutProvenance,
            Corrected: census.GradesCorrected,
            AverageScorePercent: census.AverageScore);
        var billing = new ReportBilling(
            Invoices: audit.EffectsOf("billing.invoice.create"),
            Payments: audit.EffectsOf("billing.payment.record"),
            RefundsAuto: audit.RefundsAuto,
            RefundsQueued: audit.RefundsQueued,
            RefundsApproved: audit.RefundsApproved,
            RefundsAutoAboveThreshold: audit.RefundsAutoAboveThreshold,
            RefundThreshold: rules.RefundThreshold,
            EnrollmentsActive: flows.Active,
            EnrollmentsPending: flows.Registering + flows.AwaitingPayment,
            EnrollmentsRevoked: flows.Refunded,
            LedgerSnapshot: LedgerSnapshot.Read(_options.LedgerPath));
        var security = new ReportSecurity(
            audit.UntrustedProposals, census.FlaggedMail + census.FlaggedSubmissions, census.FlaggedMail, census.FlaggedSubmissions, audit.UnauthorizedEffects, audit.Violations);

        return new SemesterReport(
            run,
            messages,
            new ReportApprovals(audit.ApprovalsRequested, pending.Count, audit.Approved, audit.Corrected, audit.Rejected, audit.Expired),
            grading,
            billing,
            flows,
            security,
            new ReportJournal(verification.EventsVerified, verification.IsIntact, verification.Problem, audit.Effects, audit.ReplayedCompletions),
            new ReportMemory(memoryAudit.Kinds[MemoryKind.Fact].Current, memoryAudit.ContradictedFacts.Count, memoryAudit.VersionsWithoutInputs, memoryAudit.IndexEntriesWithoutRecord ?? 0),
            standings.Select(s => $"{s.Agent}/{s.Capability}: {s.Level}").ToList(),
            metrics.ModelUsage.TotalTokens,
            metrics.ModelUsage.Cost,
            census.LatencyPercentile(50),
            census.LatencyPercentile(95),
            Math.Round(_status.GetStatus().DegradedTime.TotalSeconds, 1),
            _options.DatabasePath,
            _options.LedgerPath,
            _options.FilesRoot);
    }
}
