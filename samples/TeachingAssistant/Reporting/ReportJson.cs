using System.Text.Json;
using TeachingAssistant.Enrollment;

namespace TeachingAssistant.Reporting;

/// <summary>Writes the report as JSON with <see cref="Utf8JsonWriter"/>: sections as objects, so <c>messages.total</c> is <c>{"messages":{"total":...}}</c>.</summary>
internal static class ReportJson
{
    public static async Task WriteAsync(SemesterReport report, string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using FileStream file = File.Create(path);
        await using (var w = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true }))
        {
            Write(w, report);
        }

        await file.FlushAsync(cancellationToken);
    }

    public static void Write(Utf8JsonWriter w, SemesterReport r)
    {
        w.WriteStartObject();

        w.WriteStartObject("run");
        w.WriteString("course", r.Run.Course);
        w.WriteNumber("seed", r.Run.Seed);
        w.WriteNumber("students", r.Run.Students);
        w.WriteNumber("weeks", r.Run.Weeks);
        w.WriteString("mailSource", r.Run.MailSource);
        w.WriteString("mode", r.Run.Mode);
        w.WriteBoolean("resumed", r.Run.Resumed);
        w.WriteNumber("alreadyHandledSkipped", r.Run.Skipped);
        w.WriteNumber("wallSeconds", r.Run.WallSeconds);
        w.WriteEndObject();

        w.WriteStartObject("messages");
        w.WriteNumber("total", r.Messages.Total);
        w.WriteNumber("answeredAutomatically", r.Messages.AnsweredAutomatically);
        w.WriteNumber("queuedForReview", r.Messages.QueuedForReview);
        w.WriteNumber("routedToOperator", r.Messages.RoutedToOperator);
        w.WriteNumber("forwardedAsCases", r.Messages.Forwarded);
        w.WriteNumber("unrouted", r.Messages.Unrouted);
        w.WriteNumber("refused", r.Messages.Refused);
        w.WriteNumber("toEnrollmentWorkflow", r.Messages.ToEnrollment);
        w.WriteNumber("failed", r.Messages.Failed);
        w.WriteNumber("answersLearned", r.Messages.LearnedAnswers);
        w.WriteEndObject();

        w.WriteStartObject("approvals");
        w.WriteNumber("requested", r.Approvals.Requested);
        w.WriteNumber("pending", r.Approvals.Pending);
        w.WriteNumber("approved", r.Approvals.Approved);
        w.WriteNumber("corrected", r.Approvals.Corrected);
        w.WriteNumber("rejected", r.Approvals.Rejected);
        w.WriteNumber("expired", r.Approvals.Expired);
        w.WriteEndObject();

        w.WriteStartObject("grading");
        w.WriteNumber("submissions", r.Grading.Submissions);
        w.WriteNumber("graded", r.Grading.Graded);
        w.WriteNumber("queued", r.Grading.Queued);
        w.WriteNumber("ungraded", r.Grading.Ungraded);
        w.WriteNumber("withoutProvenance", r.Grading.WithoutProvenance);
        w.WriteNumber("corrected", r.Grading.Corrected);
        w.WriteNumber("averageScorePercent", r.Grading.AverageScorePercent);
        w.WriteEndObject();

        w.WriteStartObject("billing");
        w.WriteNumber("invoices", r.Billing.Invoices);
        w.WriteNumber("payments", r.Billing.Payments);
        w.WriteNumber("refundsAuto", r.Billing.RefundsAuto);
        w.WriteNumber("refundsQueued", r.Billing.RefundsQueued);
        w.WriteNumber("refundsApproved", r.Billing.RefundsApproved);
        w.WriteNumber("refundsAutoAboveThreshold", r.Billing.RefundsAutoAboveThreshold);
        w.WriteNumber("refundThreshold", r.Billing.RefundThreshold);
        w.WriteStartObject("enrollments");
        w.WriteString("source", $"flow {EnrollmentFlow.Name} v{EnrollmentFlow.Version}");
        w.WriteNumber("active", r.Billing.EnrollmentsActive);
        w.WriteNumber("pending", r.Billing.EnrollmentsPending);
        w.WriteNumber("revoked", r.Billing.EnrollmentsRevoked);
        w.WriteEndObject();
        w.WriteStartObject("ledger");
        w.WriteNumber("customers", r.Billing.LedgerSnapshot.Customers);
        w.WriteNumber("invoices", r.Billing.LedgerSnapshot.Invoices);
        w.WriteNumber("payments", r.Billing.LedgerSnapshot.Payments);
        w.WriteNumber("refunds", r.Billing.LedgerSnapshot.Refunds);
        w.WriteNumber("paid", r.Billing.LedgerSnapshot.Paid);
        w.WriteNumber("refunded", r.Billing.LedgerSnapshot.Refunded);
        w.WriteEndObject();
        w.WriteEndObject();

        w.WriteStartObject("flows");
        w.WriteStartObject(EnrollmentFlow.Name);
        w.WriteNumber("version", EnrollmentFlow.Version);
        w.WriteNumber("instances", r.Flows.Instances);
        w.WriteStartObject("byState");
        w.WriteNumber(EnrollmentFlow.Registering, r.Flows.Registering);
        w.WriteNumber(EnrollmentFlow.AwaitingPayment, r.Flows.AwaitingPayment);
        w.WriteNumber(EnrollmentFlow.Active, r.Flows.Active);
        w.WriteNumber(EnrollmentFlow.Refunded, r.Flows.Refunded);
        w.WriteEndObject();
        w.WriteNumber("awaitingApproval", r.Flows.AwaitingApproval);
        w.WriteNumber("failed", r.Flows.Failed);
        w.WriteEndObject();
        w.WriteEndObject();

        w.WriteStartObject("security");
        w.WriteNumber("untrustedProposals", r.Security.UntrustedProposals);
        w.WriteNumber("injectionAttempts", r.Security.InjectionAttempts);
        w.WriteNumber("injectionAttemptsInMail", r.Security.InjectionMail);
        w.WriteNumber("injectionAttemptsInSubmissions", r.Security.InjectionSubmissions);
        w.WriteNumber("unauthorizedEffects", r.Security.UnauthorizedEffects);
        w.WriteStartArray("violations");
        foreach (string violation in r.Security.Violations)
        {
            w.WriteStringValue(violation);
        }

        w.WriteEndArray();
        w.WriteEndObject();

        w.WriteStartObject("cost");
        w.WriteNumber("tokens", r.CostTokens);
        w.WriteNumber("usd", r.CostUsd);
        w.WriteEndObject();

        w.WriteStartObject("latencyMs");
        w.WriteNumber("p50", r.LatencyP50);
        w.WriteNumber("p95", r.LatencyP95);
        w.WriteEndObject();

        w.WriteNumber("degradedSeconds", r.DegradedSeconds);
        w.WriteString("database", r.Database);
        w.WriteString("ledger", r.Ledger);
        w.WriteString("files", r.Files);

        w.WriteStartObject("journal");
        w.WriteNumber("events", r.Journal.Events);
        w.WriteBoolean("intact", r.Journal.Intact);
        w.WriteString("problem", r.Journal.Problem);
        w.WriteNumber("effects", r.Journal.Effects);
        w.WriteNumber("replayedCompletions", r.Journal.ReplayedCompletions);
        w.WriteEndObject();

        w.WriteStartObject("memory");
        w.WriteNumber("currentFacts", r.Memory.CurrentFacts);
        w.WriteNumber("contradictedFacts", r.Memory.ContradictedFacts);
        w.WriteNumber("versionsWithoutInputs", r.Memory.VersionsWithoutInputs);
        w.WriteNumber("staleIndexEntries", r.Memory.StaleIndexEntries);
        w.WriteEndObject();

        w.WriteStartArray("trust");
        foreach (string standing in r.Trust)
        {
            w.WriteStringValue(standing);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
