using System.Globalization;
using System.Text.Json;
using OperatorOs;
using TeachingAssistant.Course;
using TeachingAssistant.Enrollment;
using TeachingAssistant.Inbound;
using TeachingAssistant.Intake;
using TeachingAssistant.Operator;
using TeachingAssistant.Reporting;
using TeachingAssistant.Support;
using TeachingAssistant.Time;

namespace TeachingAssistant.Hosting;

/// <summary>The main job: a whole semester, week by week, on the simulated clock: mail, submissions and payments as they arrive, the operator's review and the digest every Sunday, then the report.</summary>
/// <remarks>
/// Every step first asks memory whether it was done, and every effect carries a deterministic operation token, so running again on
/// the same database resumes: work already done is skipped, and nothing is done twice.
/// </remarks>
internal sealed class SemesterRunner
{
    private const string ProgressAttribute = "progress";
    private const int ProgressEvery = 25;

    private readonly SemesterOptions _options;
    private readonly SemesterClock _clock;
    private readonly SemesterCalendar _calendar;
    private readonly GeneratedCourse _course;
    private readonly IInboundMail _mail;
    private readonly MemoryStore _memory;
    private readonly IOperatorStatus _status;
    private readonly IPolicyFileStatus _policy;
    private readonly IApprovalQueue _approvals;
    private readonly CourseSetup _setup;
    private readonly MailDesk _mailDesk;
    private readonly SubmissionDesk _submissionDesk;
    private readonly EnrollmentWorkflow _enrollment;
    private readonly ReviewFollowUp _followUp;
    private readonly SimulatedOperator _operator;
    private readonly WeeklyDigest _digest;
    private readonly ReportBuilder _report;
    private int _weeksDone;

    public SemesterRunner(
        SemesterOptions options, SemesterClock clock, SemesterCalendar calendar, GeneratedCourse course, IInboundMail mail, MemoryStore memory,
        IOperatorStatus status, IPolicyFileStatus policy, IApprovalQueue approvals, CourseSetup setup, MailDesk mailDesk, SubmissionDesk submissionDesk,
        EnrollmentWorkflow enrollment, ReviewFollowUp followUp, SimulatedOperator simulatedOperator, WeeklyDigest digest, ReportBuilder report)
    {
        _options = options;
        _clock = clock;
        _calendar = calendar;
        _course = course;
        _mail = mail;
        _memory = memory;
        _status = status;
        _policy = policy;
        _approvals = approvals;
        _setup = setup;
        _mailDesk = mailDesk;
        _submissionDesk = submissionDesk;
        _enrollment = enrollment;
        _followUp = followUp;
        _operator = simulatedOperator;
        _digest = digest;
        _report = report;
    }

    private const string ProgressEntity = "semester";

    private string MailOrigin => _options.InboxDirectory ?? "generated";

    public bool Resumed { get; private set; }

    /// <summary>Finds an earlier run's progress and moves the clock past everything it recorded.</summary>
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        MemoryRecord? progress = await _memory.GetAsync(ProgressEntity, ProgressAttribute, cancellationToken);
        if (progress is not null && (Json.GetString(progress.Value, "course") != _course.CourseId ||
            progress.Value.GetProperty("students").GetInt32() != _course.Students.Count || Json.GetString(progress.Value, "mail") != MailOrigin))
        {
            // One database holds one semester: mixing two would count both and match messages by id across them.
            throw new DatabaseInUseException(string.Create(CultureInfo.InvariantCulture,
                $"{_options.DatabasePath} holds the semester of course {Json.GetString(progress.Value, "course")} with {progress.Value.GetProperty("students").GetInt32()} students and mail from {Json.GetString(progress.Value, "mail")}; run with the same --seed, --students and --inbox, or choose another --db."));
        }

        DateTimeOffset? checkpoint = progress is null ? null : DateTimeOffset.Parse(Json.GetString(progress.Value, "clock")!, CultureInfo.InvariantCulture);
        IReadOnlyList<MemoryRecord> since = await _memory.QueryAsync(new MemoryQuery { RecordedFrom = checkpoint, IncludeSuperseded = true }, cancellationToken);
        Resumed = progress is not null || since.Count > 0;
        _weeksDone = progress?.Value.GetProperty("weeksCompleted").GetInt32() ?? 0;
        foreach (MemoryRecord record in since)
        {
            _clock.AdvanceTo(record.RecordedAt);
            _clock.AdvanceTo(record.ValidFrom);
        }
    }

    public async Task<SemesterResult> RunAsync(TextWriter output, bool terminal, CancellationToken cancellationToken)
    {
        long started = _clock.GetTimestamp();
        OperatorStatus status = _status.GetStatus();
        output.WriteLine("OperatorOs teaching assistant: one semester of an online course");
        output.WriteLine($"  mode:     {status.Mode} ({status.Reason ?? "a model is configured"})");
        output.WriteLine($"  storage:  SQLite {_options.DatabasePath} (journal, memory, approvals)");
        output.WriteLine($"            billing ledger {_options.LedgerPath}, documents {_options.FilesRoot}");
        output.WriteLine($"  policy:   {_policy.FilePath} ({(_policy.Current is null ? "not loaded: " + _policy.LastError?.Message : "loaded")})");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  course:   {_course.CourseId}: {_course.Students.Count} students, {_options.Weeks} weeks, {_course.Assignments.Count} assignments, {_course.Submissions.Count} submissions, {_course.Payments.Count} payments"));
        output.WriteLine($"  mail:     {_mail.Description}");

        int? effectsBefore = null;
        if (Resumed)
        {
            effectsBefore = (await _report.AuditJournalAsync(cancellationToken)).Effects;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  resumed:  {_options.DatabasePath} already holds {_weeksDone} completed week(s) and {effectsBefore} effects; work already done is skipped, not repeated"));
        }

        output.WriteLine();
        await _setup.PublishAsync(cancellationToken);
        await _followUp.LoadAsync(cancellationToken);

        var progress = new ProgressLine(output, terminal, quiet: false);
        int skipped = 0;
        for (int week = 1; week <= _options.Weeks; week++)
        {
            skipped += await RunWeekAsync(week, progress, started, cancellationToken);
        }

        var run = new ReportRun(
            _course.CourseId, _course.Seed, _course.Students.Count, _options.Weeks, _mail.Description, status.Mode.ToString(), Resumed, skipped,
            Math.Round(_clock.GetElapsedTime(started).TotalSeconds, 1));
        await SettleAgentRunsAsync(cancellationToken);
        SemesterReport report = await _report.BuildAsync(run, cancellationToken);
        await ReportJson.WriteAsync(report, _options.ReportPath, cancellationToken);
        ReportText.Write(output, report, await _digest.ReadAsync(_options.Weeks, cancellationToken), _options.ReportPath);
        if (effectsBefore is { } before)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  Resumed    {skipped:N0} messages and submissions were already handled and skipped; effects {before:N0} before this run, {report.Journal.Effects:N0} after ({report.Journal.ReplayedCompletions} replays answered from the connectors' ledgers)"));
        }

        bool sound = report.Journal.Intact && report.Security.UnauthorizedEffects == 0 && report.Billing.RefundsAutoAboveThreshold == 0;
        output.WriteLine();
        output.WriteLine(sound
            ? "Done: every effect ran once, within policy or with the operator's approval, and the journal accounts for every step."
            : "Inconsistent run: see the security and journal lines above.");
        return new SemesterResult(sound ? 0 : 1, report);
    }

    private async Task<int> RunWeekAsync(int week, ProgressLine progress, long started, CancellationToken cancellationToken)
    {
        DateTimeOffset weekStart = _calendar.WeekStart(week), review = _calendar.ReviewTime(week);
        _clock.AdvanceTo(weekStart);

        // Monday 00:00: enrolment at the start, then the installments due this week. An instance waiting for the operator on a
        // refund takes no other event, so an invoice or payment notice it could not take yet is raised again each Monday until
        // it can (raising what the instance already did is skipped, so this adds nothing once done).
        foreach (Student student in _course.Students)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (week == 1)
            {
                await _enrollment.EnrollAsync(student, cancellationToken);
            }

            for (int installment = 1; installment <= CourseFees.InstallmentCount(student.Plan); installment++)
            {
                if (CourseFees.DueWeek(student.Plan, installment) <= week)
                {
                    await _enrollment.InvoiceAsync(student, installment, cancellationToken);
                }
            }
        }

        foreach (PaymentEvent late in _course.Payments.Where(p => p.PaidAt < weekStart))
        {
            if (await _enrollment.IsPaymentWaitingAsync(late, cancellationToken))
            {
                await _enrollment.RecordPaymentAsync(late, cancellationToken);
            }
        }

        IReadOnlyList<InboundMessage> mail = await _mail.ReceiveAsync(weekStart, review, cancellationToken);
        List<(DateTimeOffset At, object Item)> events =
        [
            .. mail.Select(m => (m.ReceivedAt, (object)m)),
            .. _course.Submissions.Where(s => s.SubmittedAt >= weekStart && s.SubmittedAt < review).Select(s => (s.SubmittedAt, (object)s)),
            .. _course.Payments.Where(p => p.PaidAt >= weekStart && p.PaidAt < review).Select(p => (p.PaidAt, (object)p)),
        ];
        events.Sort((a, b) => a.At.CompareTo(b.At));

        int mailDone = 0, submissionsDone = 0, payments = 0, skipped = 0;
        int mailTotal = mail.Count, submissionTotal = events.Count(e => e.Item is CourseSubmission);
        for (int i = 0; i < events.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _clock.AdvanceTo(events[i].At);
            switch (events[i].Item)
            {
                case InboundMessage message:
                    skipped += (await _mailDesk.HandleAsync(message, cancellationToken)).AlreadyHandled ? 1 : 0;
                    mailDone++;
                    break;
                case CourseSubmission submission:
                    skipped += (await _submissionDesk.HandleAsync(submission, cancellationToken)).AlreadyHandled ? 1 : 0;
                    submissionsDone++;
                    break;
                case PaymentEvent payment:
                    payments += await _enrollment.RecordPaymentAsync(payment, cancellationToken) ? 1 : 0;
                    break;
            }

            if (i % ProgressEvery == 0)
            {
                progress.Update(Line(week, mailDone, mailTotal, submissionsDone, submissionTotal, payments, _followUp.Open, started));
            }
        }

        // Sunday evening: the operator works through the queue; decisions are followed up; the digest goes to memory.
        // A week an earlier run completed had its review: what that review left pending stays for the operator.
        _clock.AdvanceTo(review);
        await _followUp.RunAsync(cancellationToken);
        OperatorReview decided = week <= _weeksDone ? new OperatorReview(0, 0, 0, 0, 0) : await _operator.ReviewAsync(week, cancellationToken);
        await _followUp.RunAsync(cancellationToken);
        await _digest.WriteAsync(week, decided, cancellationToken);
        await RecordProgressAsync(week, cancellationToken);

        int pending = (await _approvals.ListPendingAsync(cancellationToken)).Count;
        progress.Complete(Line(week, mailDone, mailTotal, submissionsDone, submissionTotal, payments, pending, started) +
            string.Create(CultureInfo.InvariantCulture, $" | operator: {decided.Approved} approved, {decided.Corrected} corrected, {decided.Rejected} rejected"));
        return skipped;
    }

    private string Line(int week, int mail, int mailTotal, int submissions, int submissionTotal, int payments, int waiting, long started) =>
        string.Create(CultureInfo.InvariantCulture,
            $"Week {week:D2}/{_options.Weeks:D2} | mail {mail}/{mailTotal} | submissions {submissions}/{submissionTotal} | payments {payments} | waiting for the operator {waiting} | {_clock.GetElapsedTime(started).TotalSeconds:F1} s");

    private async Task RecordProgressAsync(int week, CancellationToken cancellationToken)
    {
        if (week <= _weeksDone)
        {
            return;
        }

        _weeksDone = week;
        JsonElement value = Json.Element(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("weeksCompleted", week);
            w.WriteString("clock", _clock.GetUtcNow());
            w.WriteString("course", _course.CourseId);
            w.WriteNumber("seed", _course.Seed);
            w.WriteNumber("students", _course.Students.Count);
            w.WriteString("mail", MailOrigin);
            w.WriteEndObject();
        });
        var provenance = new Provenance(ActorKind.System, "semester") { InputReferences = [WeeklyDigest.EntityOf(week)] };
        await _memory.WriteAsync(new MemoryWrite(ProgressEntity, ProgressAttribute, MemoryKind.Fact, value, provenance), cancellationToken);
    }

    // An agent's run resumed after the operator's decision continues in the kernel's background resume service: the report waits
    // until every run is done or waits on the operator again (at most 30 s), so the run's model calls and effects are in it.
    private async Task SettleAgentRunsAsync(CancellationToken cancellationToken)
    {
        long began = TimeProvider.System.GetTimestamp();
        while (TimeProvider.System.GetElapsedTime(began) < TimeSpan.FromSeconds(30))
        {
            IReadOnlyList<MemoryRecord> runs = await _memory.GetEntityAsync("agent-runs", cancellationToken);
            var waitingOnOperator = new HashSet<string>(StringComparer.Ordinal);
            foreach (ApprovalRequest pending in await _approvals.ListPendingAsync(cancellationToken))
            {
                if (pending.Proposal.IntentId is { } intentId)
                {
                    _ = waitingOnOperator.Add(intentId);
                }
            }

            if (runs.All(r => RunState(r) is null or "done" || (RunState(r) == "waiting" && waitingOnOperator.Contains(r.Attribute))))
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System, cancellationToken);
        }
    }

    private static string? RunState(MemoryRecord run) =>
        run.Value.ValueKind == System.Text.Json.JsonValueKind.Object && run.Value.TryGetProperty("state", out System.Text.Json.JsonElement state) ? state.GetString() : null;
}
