using System.Globalization;
using System.Text.Json;
using OperatorOs;
using TeachingAssistant.Course;
using TeachingAssistant.Support;

namespace TeachingAssistant.Enrollment;

/// <summary>Billing and enrollment as one deterministic workflow: invoice, payment -> active, refund request -> refund -> revoked.</summary>
/// <remarks>
/// <para>
/// Every effect goes through <see cref="IOperatorKernel.ProposeAsync"/> as the flow <c>enrollment</c>, with a proposal id derived
/// from the course, the student and the step (or the request's message), so its operation token is the same on every run: the
/// Billing connector performs each step once, however often the workflow is run. Each step's result is a memory Fact under
/// <c>student/&lt;id&gt;</c>, read before the step, so a resumed run does not even propose again. Written this way it can become a
/// durable flow (steps as checkpoints) with little change.
/// </para>
/// <para>
/// Refund arguments (invoice, amount) come from the workflow's own records, never from the student's email: the email only says
/// "I want to withdraw", so the proposals carry <see cref="TrustLevel.Internal"/> and the policy file's amount threshold and the
/// <see cref="RefundWindowPolicy"/> decide whether the operator must approve.
/// </para>
/// </remarks>
internal sealed class EnrollmentWorkflow
{
    public const string FlowName = "enrollment";

    private readonly IOperatorKernel _kernel;
    private readonly IApprovalQueue _approvals;
    private readonly MemoryStore _memory;
    private readonly TimeProvider _clock;
    private readonly GeneratedCourse _course;

    public EnrollmentWorkflow(IOperatorKernel kernel, IApprovalQueue approvals, MemoryStore memory, TimeProvider clock, GeneratedCourse course)
    {
        _kernel = kernel;
        _approvals = approvals;
        _memory = memory;
        _clock = clock;
        _course = course;
    }

    /// <summary>Registers the student as a billing customer and opens a pending enrollment; nothing happens for a student already enrolled.</summary>
    public async Task<bool> EnrollAsync(Student student, CancellationToken cancellationToken)
    {
        string entity = CoursePaths.StudentEntity(student.Id);
        if (await _memory.GetAsync(entity, EnrollmentRecords.EnrollmentAttribute, cancellationToken) is not null)
        {
            return false;
        }

        ProposalResult result = await ProposeAsync(
            StepId(student.Id, "customer"), "billing.customer.upsert",
            Json.Element(w =>
            {
                w.WriteStartObject();
                w.WriteString("customerId", CustomerId(student.Id));
                w.WriteString("name", student.Name);
                w.WriteString("email", student.Email);
                w.WriteEndObject();
            }),
            $"Register {student.Id} as a billing customer.", [$"roster/{student.Id}"], student.Id, cancellationToken);
        if (result.Status != ProposalStatus.Executed)
        {
            return false;
        }

        await WriteAsync(entity, EnrollmentRecords.EnrollmentAttribute, EnrollmentValue(EnrollmentRecords.Pending, student.Plan, "Registered; waiting for the first payment."), [$"roster/{student.Id}", $"proposal/{result.Proposal.Id}"], null, cancellationToken);
        return true;
    }

    /// <summary>Issues installment <paramref name="installment"/> to an enrolled student, once; a revoked enrollment is not invoiced any more.</summary>
    public async Task<bool> InvoiceAsync(Student student, int installment, CancellationToken cancellationToken)
    {
        string entity = CoursePaths.StudentEntity(student.Id);
        if (await EnrollmentStatusAsync(student.Id, cancellationToken) is not (EnrollmentRecords.Pending or EnrollmentRecords.Active) ||
            await _memory.GetAsync(entity, EnrollmentRecords.InvoiceAttribute(installment), cancellationToken) is not null)
        {
            return false;
        }

        decimal amount = CourseFees.AmountOf(student.Plan);
        string description = student.Plan == PaymentPlan.Full ? "Course fee" : $"Course fee, installment {installment} of {CourseFees.InstallmentCount(student.Plan)}";
        ProposalResult result = await ProposeAsync(
            StepId(student.Id, $"invoice-{installment}"), "billing.invoice.create",
            Json.Element(w =>
            {
                w.WriteStartObject();
                w.WriteString("customerId", CustomerId(student.Id));
                w.WriteString("currency", CourseFees.Currency);
                w.WriteNumber("amount", amount);
                w.WriteString("description", description);
                w.WriteEndObject();
            }),
            $"Invoice {student.Id}: {description}.", [$"{entity}/enrollment"], student.Id, cancellationToken);
        if (result is not { Status: ProposalStatus.Executed, Outcome: { } outcome })
        {
            return false;
        }

        string number = outcome.Output.GetProperty("invoiceNumber").GetString()!;
        await WriteAsync(entity, EnrollmentRecords.InvoiceAttribute(installment), Json.Element(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("installment", installment);
            w.WriteString("invoiceNumber", number);
            w.WriteNumber("amount", amount);
            w.WriteString("currency", CourseFees.Currency);
            w.WriteString("issuedAt", outcome.CompletedAt);
            w.WriteEndObject();
        }), [$"proposal/{result.Proposal.Id}"], null, cancellationToken);
        return true;
    }

    /// <summary>Records the payment provider's notice against its invoice, once; the first payment makes the enrollment active.</summary>
    public async Task<bool> RecordPaymentAsync(PaymentEvent payment, CancellationToken cancellationToken)
    {
        string entity = CoursePaths.StudentEntity(payment.Student);
        MemoryRecord? invoice = await _memory.GetAsync(entity, EnrollmentRecords.InvoiceAttribute(payment.Installment), cancellationToken);
        if (invoice is null || Json.GetString(invoice.Value, "invoiceNumber") is not { } number)
        {
            return false;
        }

        string reference = $"psp-{payment.Student}-{payment.Installment}";
        string paidAt = payment.PaidAt.ToString("O", CultureInfo.InvariantCulture);
        string[] inputs = [$"payment-provider/{reference}", $"proposal/{StepId(payment.Student, $"payment-{payment.Installment}")}"];
        if (Json.GetString(invoice.Value, "paidAt") is not null)
        {
            // Recorded before; a run stopped between the steps that follow it finishes them now.
            await FinishPaymentAsync(payment, number, paidAt, inputs, cancellationToken);
            return false;
        }

        ProposalResult result = await ProposeAsync(
            StepId(payment.Student, $"payment-{payment.Installment}"), "billing.payment.record",
            Json.Element(w =>
            {
                w.WriteStartObject();
                w.WriteString("invoiceNumber", number);
                w.WriteString("currency", CourseFees.Currency);
                w.WriteNumber("amount", payment.Amount);
                w.WriteString("reference", reference);
                w.WriteEndObject();
            }),
            $"Record {payment.Student}'s payment of invoice {number}.", [$"payment-provider/{reference}", $"invoice/{number}"], payment.Student, cancellationToken);
        if (result.Status != ProposalStatus.Executed)
        {
            return false;
        }

        await WriteAsync(entity, EnrollmentRecords.InvoiceAttribute(payment.Installment), Json.With(invoice.Value, "paidAt", Json.String(paidAt)), inputs, null, cancellationToken);
        await FinishPaymentAsync(payment, number, paidAt, inputs, cancellationToken);
        return true;
    }

    // After a payment: the invoice's payment record (what the refund-window rule reads), then the enrollment becomes active.
    private async Task FinishPaymentAsync(PaymentEvent payment, string number, string paidAt, string[] inputs, CancellationToken cancellationToken)
    {
        if (await _memory.GetAsync(EnrollmentRecords.InvoiceEntity(number), EnrollmentRecords.PaymentAttribute, cancellationToken) is null)
        {
            JsonElement record = Json.Element(w =>
            {
                w.WriteStartObject();
                w.WriteString("student", payment.Student);
                w.WriteNumber("installment", payment.Installment);
                w.WriteNumber("amount", payment.Amount);
                w.WriteString("currency", CourseFees.Currency);
                w.WriteString("paidAt", paidAt);
                w.WriteEndObject();
            });
            await WriteAsync(EnrollmentRecords.InvoiceEntity(number), EnrollmentRecords.PaymentAttribute, record, inputs, null, cancellationToken);
        }

        if (await EnrollmentStatusAsync(payment.Student, cancellationToken) == EnrollmentRecords.Pending && _course.FindStudent(payment.Student) is { } student)
        {
            await WriteAsync(
                CoursePaths.StudentEntity(payment.Student), EnrollmentRecords.EnrollmentAttribute,
                EnrollmentValue(EnrollmentRecords.Active, student.Plan, $"Active since the payment of invoice {number}."), inputs, null, cancellationToken);
        }
    }

    /// <summary>Handles a student's request to withdraw (a refund case the triage agent opened): refunds the latest payment, or declines, once per request.</summary>
    public async Task<RefundOutcome> RequestRefundAsync(string studentId, string messageId, string casePath, CancellationToken cancellationToken)
    {
        string entity = CoursePaths.StudentEntity(studentId);
        string attribute = EnrollmentRecords.RefundAttribute(messageId);
        if (await _memory.GetAsync(entity, attribute, cancellationToken) is { } existing)
        {
            await RevokeIfRefundedAsync(studentId, existing, cancellationToken);
            return new RefundOutcome(Json.GetString(existing.Value, "status") ?? RefundStatus.Failed, Json.GetString(existing.Value, "approvalId"));
        }

        string[] inputs = [CoursePaths.MailEntity(messageId), $"file/{casePath}"];
        IReadOnlyList<MemoryRecord> state = await _memory.GetEntityAsync(entity, cancellationToken);
        string? status = state.FirstOrDefault(r => r.Attribute == EnrollmentRecords.EnrollmentAttribute) is { } enrollment ? Json.GetString(enrollment.Value, "status") : null;
        MemoryRecord? open = state.FirstOrDefault(r => r.Attribute.StartsWith("refund/", StringComparison.Ordinal) &&
            Json.GetString(r.Value, "status") is RefundStatus.AwaitingApproval or RefundStatus.Refunded);
        MemoryRecord? paid = state
            .Where(r => r.Attribute.StartsWith("invoice/", StringComparison.Ordinal) && Json.GetString(r.Value, "paidAt") is not null)
            .MaxBy(r => r.Value.GetProperty("installment").GetInt32());

        string? declined = status switch
        {
            null => "The sender is not enrolled in the course.",
            EnrollmentRecords.Revoked => "The enrollment was already revoked.",
            _ when open is not null => $"A refund for this student is already {Json.GetString(open.Value, "status")} ({open.Attribute}).",
            _ when paid is null => "Nothing has been paid yet, so there is nothing to refund.",
            _ => null,
        };
        if (declined is not null)
        {
            string outcome = open is not null ? RefundStatus.Duplicate : RefundStatus.Declined;
            await WriteAsync(entity, attribute, RefundValue(outcome, declined, null, null, null, null), inputs, null, cancellationToken);
            return new RefundOutcome(outcome, null);
        }

        string number = Json.GetString(paid!.Value, "invoiceNumber")!;
        decimal amount = paid.Value.GetProperty("amount").GetDecimal();
        string proposalId = StepId(studentId, $"refund-{messageId}");
        JsonElement arguments = Json.Element(w =>
        {
            w.WriteStartObject();
            w.WriteString("invoiceNumber", number);
            w.WriteString("currency", CourseFees.Currency);
            w.WriteNumber("amount", amount);
            w.WriteString("reason", $"Withdrawal requested in message {messageId}.");
            w.WriteEndObject();
        });

        // A crash between proposing and recording could leave the request waiting for approval already: adopt that request, do not ask twice.
        ApprovalRequest? waiting = (await _approvals.ListPendingAsync(cancellationToken)).FirstOrDefault(r => r.Proposal.Id == proposalId);
        ProposalResult? result = waiting is null
            ? await ProposeAsync(proposalId, "billing.refund", arguments, $"Refund {studentId}'s latest payment ({number}) on withdrawal.", [.. inputs, $"invoice/{number}"], messageId, cancellationToken)
            : null;

        string refundStatus = (waiting, result) switch
        {
            (not null, _) => RefundStatus.AwaitingApproval,
            (_, { Status: ProposalStatus.Executed }) => RefundStatus.Refunded,
            (_, { Status: ProposalStatus.PendingApproval }) => RefundStatus.AwaitingApproval,
            _ => RefundStatus.Failed,
        };
        string reason = waiting?.Decision.Reason ?? (refundStatus == RefundStatus.Refunded ? RefundRules(result!) : result!.Evaluation?.Decision.Reason ?? result.Error ?? string.Empty);
        string? approvalId = waiting?.Id ?? result!.ApprovalId;
        await WriteAsync(entity, attribute, RefundValue(refundStatus, reason, number, amount, proposalId, approvalId), [.. inputs, $"proposal/{proposalId}"], null, cancellationToken);
        if (refundStatus == RefundStatus.Refunded)
        {
            await RevokeAsync(studentId, number, proposalId, null, cancellationToken);
        }

        return new RefundOutcome(refundStatus, approvalId);
    }

    /// <summary>Follows up an operator's decision on a refund: an executed refund revokes the enrollment, a rejection declines the request.</summary>
    public async Task FollowUpRefundAsync(string studentId, string messageId, ApprovalRequest decided, CancellationToken cancellationToken)
    {
        string entity = CoursePaths.StudentEntity(studentId);
        string attribute = EnrollmentRecords.RefundAttribute(messageId);
        if (await _memory.GetAsync(entity, attribute, cancellationToken) is not { } record)
        {
            return;
        }

        if (Json.GetString(record.Value, "status") != RefundStatus.AwaitingApproval)
        {
            await RevokeIfRefundedAsync(studentId, record, cancellationToken);
            return;
        }

        string number = Json.GetString(record.Value, "invoiceNumber")!;
        decimal amount = record.Value.GetProperty("amount").GetDecimal();
        string proposalId = decided.Proposal.Id;
        (string status, string reason) = decided.Status switch
        {
            ApprovalStatus.Approved when decided.Outcome is not null => (RefundStatus.Refunded, $"Approved by {decided.DecidedBy}."),
            ApprovalStatus.Approved => (RefundStatus.AwaitingApproval, "Approved; the refund has not completed yet."),
            _ => (RefundStatus.Declined, $"{decided.Status} by {decided.DecidedBy}: {decided.DecisionReason}"),
        };
        if (status == RefundStatus.AwaitingApproval)
        {
            return;
        }

        await WriteAsync(entity, attribute, RefundValue(status, reason, number, amount, proposalId, decided.Id), [CoursePaths.MailEntity(messageId), $"proposal/{proposalId}"], decided.Id, cancellationToken);
        if (status == RefundStatus.Refunded)
        {
            await RevokeAsync(studentId, number, proposalId, decided.Id, cancellationToken);
        }
    }

    public async Task<string?> EnrollmentStatusAsync(string studentId, CancellationToken cancellationToken) =>
        await _memory.GetAsync(CoursePaths.StudentEntity(studentId), EnrollmentRecords.EnrollmentAttribute, cancellationToken) is { } record
            ? Json.GetString(record.Value, "status")
            : null;

    // A refund recorded by a run that stopped before revoking: the enrollment is revoked now.
    private async Task RevokeIfRefundedAsync(string studentId, MemoryRecord refund, CancellationToken cancellationToken)
    {
        if (Json.GetString(refund.Value, "status") == RefundStatus.Refunded && await EnrollmentStatusAsync(studentId, cancellationToken) != EnrollmentRecords.Revoked &&
            Json.GetString(refund.Value, "invoiceNumber") is { } number && Json.GetString(refund.Value, "proposalId") is { } proposalId)
        {
            await RevokeAsync(studentId, number, proposalId, Json.GetString(refund.Value, "approvalId"), cancellationToken);
        }
    }

    private async Task RevokeAsync(string studentId, string invoiceNumber, string proposalId, string? approvalId, CancellationToken cancellationToken)
    {
        PaymentPlan plan = _course.FindStudent(studentId)?.Plan ?? PaymentPlan.Full;
        await WriteAsync(
            CoursePaths.StudentEntity(studentId), EnrollmentRecords.EnrollmentAttribute,
            EnrollmentValue(EnrollmentRecords.Revoked, plan, $"Revoked: invoice {invoiceNumber} was refunded."), [$"proposal/{proposalId}"], approvalId, cancellationToken);
    }

    private Task<ProposalResult> ProposeAsync(string id, string capability, JsonElement arguments, string rationale, IReadOnlyList<string> inputs, string correlationId, CancellationToken cancellationToken)
    {
        var proposal = new ActionProposal(id, capability, arguments, FlowName, _clock.GetUtcNow())
        {
            ProposerKind = ActorKind.Flow,
            Taint = TrustLevel.Internal,
            Rationale = rationale,
            InputReferences = inputs,
            CorrelationId = correlationId,
        };
        return _kernel.ProposeAsync(proposal, cancellationToken);
    }

    private Task<MemoryRecord> WriteAsync(string entity, string attribute, JsonElement value, IReadOnlyList<string> inputs, string? approvalId, CancellationToken cancellationToken) =>
        _memory.WriteAsync(
            new MemoryWrite(entity, attribute, MemoryKind.Fact, value, new Provenance(ActorKind.Flow, FlowName) { InputReferences = inputs, ApprovalId = approvalId }),
            cancellationToken);

    // Why a refund ran without the operator: what the amount threshold and the refund window said.
    private static string RefundRules(ProposalResult result) => string.Join(' ', (result.Evaluation?.Verdicts ?? [])
        .Where(v => v.RuleId.StartsWith("amount.", StringComparison.Ordinal) || v.RuleId == RefundWindowPolicy.RuleId)
        .Select(v => v.Reason));

    private string StepId(string student, string step) => $"enr-{_course.CourseId}-{student}-{step}";

    private string CustomerId(string student) => $"{_course.CourseId}-{student}";

    private static JsonElement EnrollmentValue(string status, PaymentPlan plan, string note) => Json.Element(w =>
    {
        w.WriteStartObject();
        w.WriteString("status", status);
        w.WriteString("plan", plan == PaymentPlan.Full ? "full" : "installments");
        w.WriteString("note", note);
        w.WriteEndObject();
    });

    private static JsonElement RefundValue(string status, string reason, string? invoice, decimal? amount, string? proposalId, string? approvalId) => Json.Element(w =>
    {
        w.WriteStartObject();
        w.WriteString("status", status);
        w.WriteString("reason", reason);
        if (invoice is not null)
        {
            w.WriteString("invoiceNumber", invoice);
            w.WriteNumber("amount", amount!.Value);
            w.WriteString("currency", CourseFees.Currency);
        }

        if (proposalId is not null)
        {
            w.WriteString("proposalId", proposalId);
        }

        if (approvalId is not null)
        {
            w.WriteString("approvalId", approvalId);
        }

        w.WriteEndObject();
    });
}
