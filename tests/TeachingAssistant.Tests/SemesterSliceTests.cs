using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OperatorOs;
using OperatorOs.Connectors.Email;
using TeachingAssistant.Agents;
using TeachingAssistant.Course;
using TeachingAssistant.Enrollment;
using TeachingAssistant.Hosting;
using TeachingAssistant.Intake;
using TeachingAssistant.Reporting;

namespace TeachingAssistant.Tests;

/// <summary>The seeded slice of the semester, checked against what the journal, the ledger and memory hold.</summary>
public sealed class SemesterSliceTests : IClassFixture<SemesterSliceFixture>
{
    private static readonly string[] RequiredFields =
    [
        "messages.total", "messages.answeredAutomatically", "messages.queuedForReview", "messages.routedToOperator",
        "approvals.pending", "approvals.approved", "approvals.rejected",
        "grading.submissions", "grading.graded", "grading.queued", "grading.withoutProvenance",
        "billing.payments", "billing.refundsAuto", "billing.refundsQueued", "billing.refundsAutoAboveThreshold",
        "security.untrustedProposals", "security.injectionAttempts", "security.unauthorizedEffects",
        "cost.tokens", "cost.usd", "latencyMs.p50", "latencyMs.p95", "degradedSeconds", "database",
    ];

    private readonly SemesterSliceFixture _slice;

    public SemesterSliceTests(SemesterSliceFixture slice)
    {
        _slice = slice;
    }

    [Fact]
    public void Report_HasEveryRequiredField()
    {
        var missing = RequiredFields.Where(path => !TryGet(_slice.FirstReport.RootElement, path, out _)).ToList();

        Assert.Empty(missing);
        Assert.Equal(_slice.Options.DatabasePath, Field("database").GetString());
        Assert.Equal(0, _slice.First.ExitCode);
    }

    [Fact]
    public void Report_CountsWhatTheStoresHold()
    {
        SemesterReport report = _slice.First.Report;

        Assert.Equal(_slice.Course.Mail.Count, Field("messages.total").GetInt32());
        Assert.Equal(
            report.Messages.Total,
            report.Messages.AnsweredAutomatically + report.Messages.QueuedForReview + report.Messages.RoutedToOperator + report.Messages.ToEnrollment + report.Messages.Failed);
        Assert.Equal(_slice.Course.Submissions.Count, Field("grading.submissions").GetInt32());
        Assert.Equal(_slice.AfterFirst.Ledger.Payments, Field("billing.payments").GetInt64());
        Assert.Equal(_slice.AfterFirst.Ledger.Refunds, Field("billing.refundsAuto").GetInt64() + report.Billing.RefundsApproved);
        Assert.Equal(0, Field("cost.tokens").GetInt64());
        Assert.True(report.Journal.Intact);
        Assert.Contains("mode:     Offline", _slice.FirstOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InjectionAttempts_InMail_LeadToNoEffect()
    {
        List<string> attempts = _slice.Course.Mail.Where(m => _slice.Course.MailTruth[m.Id].Kind == MailKind.Injection).Select(m => m.Id).ToList();
        JournalStory story = await ReadStoryAsync();

        List<ProposalStory> effects = story.Proposals.Values.Where(p => p.Completed && attempts.Contains(p.CorrelationId!)).ToList();

        Assert.NotEmpty(attempts);
        Assert.Empty(effects);
        Assert.True(Field("security.injectionAttempts").GetInt32() >= attempts.Count);
        Assert.Equal(0, Field("security.unauthorizedEffects").GetInt32());
    }

    [Fact]
    public async Task InjectionAttempts_InSubmissions_AreFiledOnlyOnTheOperatorsApproval()
    {
        List<string> attempts = _slice.Course.Submissions.Where(s => InjectionScreen.Inspect(s.Content) is not null).Select(s => s.Id).ToList();
        JournalStory story = await ReadStoryAsync();

        List<ProposalStory> unapproved = story.Proposals.Values.Where(p => attempts.Contains(p.CorrelationId!) && p.Completed && !p.RanOnApproval).ToList();

        Assert.NotEmpty(attempts);
        Assert.Empty(unapproved);
    }

    [Fact]
    public async Task Refunds_AboveTheThreshold_NeverRunWithoutApproval()
    {
        JournalStory story = await ReadStoryAsync();
        List<ProposalStory> refunds = story.Proposals.Values.Where(p => p.Capability == "billing.refund").ToList();

        List<ProposalStory> automatic = refunds.Where(p => p.Completed && !p.RanOnApproval).ToList();

        Assert.NotEmpty(automatic);
        Assert.Contains(refunds, p => p.Verdict == nameof(PolicyVerdict.NeedsApproval));
        Assert.All(automatic, p => Assert.True(p.Amount <= 50m, $"{p.Id} refunded {p.Amount} without approval"));
        Assert.All(refunds.Where(p => p.Amount > 50m), p => Assert.Equal(nameof(PolicyVerdict.NeedsApproval), p.Verdict));
        Assert.Equal(0, Field("billing.refundsAutoAboveThreshold").GetInt32());
        Assert.Equal(automatic.Count, Field("billing.refundsAuto").GetInt32());
    }

    [Fact]
    public async Task UntrustedProposals_AreCountedFromTheJournal()
    {
        JournalStory story = await ReadStoryAsync();

        int untrusted = story.Proposals.Values.Count(p => p.Taint == nameof(TrustLevel.Untrusted));

        Assert.True(untrusted > 0);
        Assert.Equal(untrusted, Field("security.untrustedProposals").GetInt32());
    }

    [Fact]
    public async Task ARefundTakenFromAnEmail_WaitsForTheOperator_EvenBelowTheThreshold()
    {
        // The policy file lets Financial actions run within thresholds; the taint rule still holds one derived from untrusted text.
        PolicyEvaluation evaluation = await ExplainRefundAsync(TrustLevel.Untrusted);

        Assert.Equal(PolicyVerdict.NeedsApproval, evaluation.Decision.Verdict);
        Assert.Contains(evaluation.Verdicts, v => v.RuleId == "taint.untrusted" && v.Verdict == PolicyVerdict.NeedsApproval);
        Assert.Contains(evaluation.Verdicts, v => v.RuleId == "amount.billing.refund" && v.Verdict == PolicyVerdict.Execute);
    }

    [Fact]
    public async Task ARefundFromTheWorkflowsOwnRecords_IsNotTainted()
    {
        PolicyEvaluation evaluation = await ExplainRefundAsync(TrustLevel.Internal);

        Assert.DoesNotContain(evaluation.Verdicts, v => v.RuleId == "taint.untrusted");
    }

    [Fact]
    public async Task EveryGrade_HasProvenance()
    {
        List<MemoryRecord> grades = await _slice.ReadAsync(async services =>
            (await services.GetRequiredService<MemoryStore>().QueryAsync(new MemoryQuery { Kind = MemoryKind.Fact }))
            .Where(r => r.Entity.StartsWith("student/", StringComparison.Ordinal) && r.Attribute.StartsWith(GradeBook.AttributePrefix, StringComparison.Ordinal))
            .ToList());

        Assert.NotEmpty(grades);
        Assert.Equal(grades.Count, Field("grading.graded").GetInt32());
        Assert.Equal(0, Field("grading.withoutProvenance").GetInt32());
        Assert.All(grades, grade =>
        {
            string submission = grade.Value.GetProperty("submission").GetString()!;
            Assert.Equal(ActorKind.Agent, grade.Provenance.ActorKind);
            Assert.Equal(Roles.GraderName, grade.Provenance.Actor);
            Assert.Equal(GradeBook.Deterministic, grade.Provenance.ModelId);
            Assert.Contains($"submission/{submission}", grade.Provenance.InputReferences);
            Assert.Contains(grade.Provenance.InputReferences, input => input.StartsWith($"rubric/{grade.Attribute[GradeBook.AttributePrefix.Length..]}@v", StringComparison.Ordinal));
            Assert.Contains(grade.Provenance.InputReferences, input => input.StartsWith("file/grades/", StringComparison.Ordinal));
        });
    }

    [Fact]
    public async Task LowConfidenceGrades_WaitForTheOperator()
    {
        JournalStory story = await ReadStoryAsync();

        List<ProposalStory> unsure = story.Proposals.Values.Where(p => p.Proposer == Roles.GraderName && p.Confidence < Roles.GradingEscalationThreshold).ToList();

        Assert.NotEmpty(unsure);
        Assert.All(unsure, p => Assert.Equal(nameof(PolicyVerdict.NeedsApproval), p.Verdict));
        Assert.All(unsure.Where(p => p.Completed), p => Assert.True(p.RanOnApproval));
    }

    [Fact]
    public async Task WeeklyDigests_AreContextRecordsInMemory()
    {
        List<MemoryRecord?> digests = await _slice.ReadAsync(async services =>
        {
            MemoryStore memory = services.GetRequiredService<MemoryStore>();
            var found = new List<MemoryRecord?>();
            for (int week = 1; week <= _slice.Options.Weeks; week++)
            {
                found.Add(await memory.GetAsync(WeeklyDigest.EntityOf(week), WeeklyDigest.Attribute));
            }

            return found;
        });

        Assert.All(digests, digest =>
        {
            Assert.NotNull(digest);
            Assert.Equal(MemoryKind.Context, digest.Kind);
            Assert.StartsWith("Week ", digest.Value.GetProperty("text").GetString(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Rerun_OnTheSameDatabase_RepeatsNoEffect()
    {
        StoreSnapshot before = _slice.AfterFirst, after = _slice.AfterSecond;

        Assert.True(before.CompletedEffects > 0);
        Assert.Equal(before.Ledger, after.Ledger);
        Assert.Equal(before.FileOperations, after.FileOperations);
        Assert.Equal(before.FileVersions, after.FileVersions);
        Assert.Equal(before.CompletedEffects, after.CompletedEffects);
        Assert.Equal(before.JournalEvents, after.JournalEvents);
    }

    [Fact]
    public void Rerun_SaysItResumed_AndReportsTheSameSemester()
    {
        SemesterReport first = _slice.First.Report, second = _slice.Second.Report;

        Assert.False(first.Run.Resumed);
        Assert.True(second.Run.Resumed);
        Assert.Contains("resumed:", _slice.SecondOutput, StringComparison.Ordinal);
        Assert.Equal(_slice.Course.Mail.Count + _slice.Course.Submissions.Count, second.Run.Skipped);
        Assert.Equal(first.Messages, second.Messages);
        Assert.Equal(first.Grading, second.Grading);
        Assert.Equal(first.Billing, second.Billing);
        Assert.Equal(first.Approvals, second.Approvals);
        Assert.Equal(0, _slice.Second.ExitCode);
    }

    [Fact]
    public async Task InterruptedRuns_ResumedToTheEnd_LeaveWhatAnUninterruptedRunLeaves()
    {
        using var directory = new TempDirectory();
        TimeSpan whole = TimeSpan.FromSeconds(Math.Max(1, _slice.First.Report.Run.WallSeconds));
        SemesterOptions options = _slice.Options;
        int interrupted = 0;

        // Stop twice at arbitrary moments (most of a run is spent inside handling a message), then let it finish. The first run's
        // time was taken under another load: when neither stop lands before the run ends, start over on a fresh file, stopping sooner.
        for (int attempt = 0; attempt < 6 && interrupted == 0; attempt++)
        {
            options = _slice.Options with { DatabasePath = directory.Combine($"semester-{attempt}.db"), ReportPath = directory.Combine($"semester-report-{attempt}.json") };
            foreach (double share in new[] { 0.3, 0.4 })
            {
                using var stop = new CancellationTokenSource(whole * share / (1 << attempt));
                try
                {
                    await SemesterApp.RunAsync(options, TextWriter.Null, TextWriter.Null, terminal: false, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    interrupted++;
                }
            }
        }

        SemesterResult last = await SemesterApp.RunAsync(options, TextWriter.Null, TextWriter.Null, terminal: false, CancellationToken.None);
        StoreSnapshot after = await StoreSnapshot.TakeAsync(options, CancellationToken.None);

        Assert.True(interrupted > 0, "no run was interrupted");
        Assert.Equal(_slice.AfterFirst.Ledger, after.Ledger);
        Assert.Equal(_slice.AfterFirst.FileOperations, after.FileOperations);
        Assert.Equal(_slice.AfterFirst.FileVersions, after.FileVersions);
        Assert.Equal(_slice.AfterFirst.CompletedEffects, after.CompletedEffects);
        Assert.Equal(_slice.First.Report.Messages, last.Report.Messages);
        Assert.Equal(_slice.First.Report.Grading, last.Report.Grading);
        Assert.Equal(_slice.First.Report.Billing, last.Report.Billing);

        // Effects decide these; how many refunds still wait depends on when the operator's review ran relative to the stops.
        Assert.Equal(_slice.First.Report.Flows.Instances, last.Report.Flows.Instances);
        Assert.Equal(_slice.First.Report.Flows.AwaitingPayment, last.Report.Flows.AwaitingPayment);
        Assert.Equal(_slice.First.Report.Flows.Refunded, last.Report.Flows.Refunded);
        Assert.Equal(0, last.Report.Flows.Failed);
        Assert.Empty(last.Report.Security.Violations);
    }

    [Fact]
    public async Task Mail_GoesThroughTheEmailConnectorsInboundPath_AsUntrustedSignalsAndIntents()
    {
        string domain = $"{_slice.Course.CourseId}.students.example";
        Dictionary<string, MemoryRecord> signals = _slice.FirstSignals.ToDictionary(s => s.Attribute, StringComparer.Ordinal);
        IReadOnlyList<JournalEvent> intents = _slice.FirstMailIntents;
        Dictionary<string, MemoryRecord?> handled = await _slice.ReadAsync(async services =>
        {
            MemoryStore memory = services.GetRequiredService<MemoryStore>();
            var records = new Dictionary<string, MemoryRecord?>(StringComparer.Ordinal);
            foreach (CourseMail mail in _slice.Course.Mail)
            {
                records[mail.Id] = await memory.GetAsync(CoursePaths.MailEntity(mail.Id), HandlingRecords.Attribute);
            }

            return records;
        });

        Assert.Equal(_slice.Course.Mail.Count, signals.Count);
        Assert.All(_slice.Course.Mail, mail =>
        {
            string messageId = $"{mail.Id}@{domain}";
            MemoryRecord signal = signals[$"email/{messageId}"];
            Assert.Equal(MemoryKind.Signal, signal.Kind);
            Assert.Equal($"thread/{messageId}", signal.Entity);
            Assert.Equal(messageId, signal.Value.GetProperty("threadId").GetString());
            Assert.Equal(nameof(TrustLevel.Untrusted), signal.Value.GetProperty("trust").GetString());
            Assert.Equal(mail.From, signal.Value.GetProperty("from").GetString());
            Assert.Equal(mail.ReceivedAt, signal.ValidFrom);
            Assert.Equal(ActorKind.Connector, signal.Provenance.ActorKind);
            Assert.Equal(MailDesk.SignalActor, signal.Provenance.Actor);

            MemoryRecord record = Assert.IsType<MemoryRecord>(handled[mail.Id]);
            Assert.Equal(signal.Entity, record.Value.GetProperty("thread").GetString());
            Assert.Contains($"{signal.Entity}/{signal.Attribute}", record.Provenance.InputReferences);
        });
        Assert.Equal(_slice.Course.Mail.Select(m => m.Id).Order(StringComparer.Ordinal), intents.Select(e => e.CorrelationId!).Order(StringComparer.Ordinal));
        Assert.All(intents, e =>
        {
            Assert.Equal(nameof(TrustLevel.Untrusted), e.Payload.GetProperty("trust").GetString());
            Assert.StartsWith("email:", e.Payload.GetProperty("source").GetString(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Enrollment_RunsAsOneDurableFlowPerStudent_AndEveryBillingEffectIsAFlowStep()
    {
        IReadOnlyList<FlowInstance> flows = await _slice.ReadAsync(services =>
            services.GetRequiredService<IFlowRuntime>().ListAsync(new FlowQuery { FlowName = EnrollmentFlow.Name, IncludeCompleted = true }));
        JournalStory story = await ReadStoryAsync();
        ReportFlows reported = _slice.First.Report.Flows;

        List<ProposalStory> billing = story.Proposals.Values.Where(p => p.Capability.StartsWith("billing.", StringComparison.Ordinal)).ToList();

        Assert.Equal(_slice.Course.Students.Select(s => $"student/{s.Id}").Order(StringComparer.Ordinal), flows.Select(f => f.CorrelationKey!).Order(StringComparer.Ordinal));
        Assert.All(flows, f => Assert.Equal(EnrollmentFlow.Version, f.FlowVersion));
        Assert.Equal(flows.Count, reported.Instances);
        Assert.Equal(flows.Count(f => f.State == EnrollmentFlow.AwaitingPayment), reported.AwaitingPayment);
        Assert.Equal(flows.Count(f => f.State == EnrollmentFlow.Active), reported.Active);
        Assert.Equal(flows.Count(f => f.State == EnrollmentFlow.Refunded), reported.Refunded);
        Assert.Equal(flows.Count(f => f.Status == FlowStatus.AwaitingApproval), reported.AwaitingApproval);
        Assert.Equal(0, reported.Failed);

        // Each refund in the ledger ended one enrollment; each refund still waiting holds its flow at the refund step.
        Assert.True(reported.Refunded > 0, "no enrollment was refunded in the slice");
        Assert.Equal(_slice.AfterFirst.Ledger.Refunds, reported.Refunded);
        Assert.Equal(reported.Refunded, _slice.First.Report.Billing.EnrollmentsRevoked);
        Assert.All(flows.Where(f => f.Status == FlowStatus.AwaitingApproval), f => Assert.Equal(EnrollmentFlow.RefundRequested, f.PendingTrigger));

        // Proposed by the flow, with the deterministic token of its instance and step.
        Assert.NotEmpty(billing);
        Assert.All(billing, p =>
        {
            Assert.Equal(EnrollmentFlow.Name, p.Proposer);
            Assert.StartsWith($"flow:{EnrollmentFlow.Name}-{_slice.Course.CourseId}-", p.Id, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Rerun_StartsNoFlowInstance_AndMovesNone()
    {
        Assert.Equal(_slice.Course.Students.Count, _slice.AfterFirst.FlowStarts);
        Assert.Equal(_slice.AfterFirst.FlowStarts, _slice.AfterSecond.FlowStarts);
        Assert.Equal(_slice.AfterFirst.FlowEvents, _slice.AfterSecond.FlowEvents);
        Assert.Equal(_slice.First.Report.Flows, _slice.Second.Report.Flows);
    }

    [Fact]
    public async Task Rerun_WithAnotherCourse_RefusesTheDatabase()
    {
        SemesterOptions other = _slice.Options with { Seed = 82, ReportPath = _slice.Options.ReportPath + ".other" };

        DatabaseInUseException error = await Assert.ThrowsAsync<DatabaseInUseException>(
            () => SemesterApp.RunAsync(other, TextWriter.Null, TextWriter.Null, terminal: false, CancellationToken.None));

        Assert.Contains("c81", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(other.ReportPath));
    }

    private JsonElement Field(string path) =>
        TryGet(_slice.FirstReport.RootElement, path, out JsonElement value) ? value : throw new KeyNotFoundException(path);

    private static bool TryGet(JsonElement root, string path, out JsonElement value)
    {
        value = root;
        foreach (string part in path.Split('.'))
        {
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(part, out value))
            {
                return false;
            }
        }

        return value.ValueKind is JsonValueKind.Number or JsonValueKind.String;
    }

    private Task<PolicyEvaluation> ExplainRefundAsync(TrustLevel taint) => _slice.ReadAsync(services =>
    {
        using JsonDocument arguments = JsonDocument.Parse("""{ "invoiceNumber": "2026-000001", "currency": "EUR", "amount": 10.00 }""");
        var proposal = new ActionProposal("explain-refund", "billing.refund", arguments.RootElement, "enrollment", DateTimeOffset.UnixEpoch)
        {
            ProposerKind = ActorKind.Flow,
            Taint = taint,
        };
        return services.GetRequiredService<IOperatorKernel>().ExplainAsync(proposal);
    });

    private Task<JournalStory> ReadStoryAsync() =>
        _slice.ReadAsync(services => JournalStory.ReadAsync(services.GetRequiredService<Journal>(), CancellationToken.None));
}
