using System.Globalization;
using System.Text.Json;
using OperatorOs;
using TeachingAssistant.Course;
using TeachingAssistant.Support;

namespace TeachingAssistant.Enrollment;

/// <summary>Drives each student's <see cref="EnrollmentFlow"/> instance: starts it at enrolment, raises invoices, payments and refund requests on it, and keeps the course's records of what it did.</summary>
/// <remarks>
/// <para>The flow is the state: one instance per student (id <c>enrollment-{course}-{student}</c>, correlation key
/// <c>student/{id}</c>), started with <see cref="IFlowRuntime.StartAsync"/> and moved with <see cref="IFlowRuntime.RaiseAsync(string, string, JsonElement, CancellationToken)"/>.
/// Before raising an event this class reads the instance's data and raises nothing that is already done, so a resumed run adds no
/// journal event and no effect; an instance a stopped run left half-way is resumed first (its step asks the connector before acting).</para>
/// <para>Two records stay in memory because others read them: the payment of each invoice (<c>invoice/{number}</c>, which
/// <see cref="RefundWindowPolicy"/> reads the payment date from) and each refund request's outcome (<c>student/{id}</c>,
/// <c>refund/{message}</c>, which the mail desk, the operator's follow-up and the digest read).</para>
/// </remarks>
internal sealed class EnrollmentWorkflow
{
    private readonly IFlowRuntime _flows;
    private readonly IApprovalQueue _approvals;
    private readonly MemoryStore _memory;
    private readonly GeneratedCourse _course;

    public EnrollmentWorkflow(IFlowRuntime flows, IApprovalQueue approvals, MemoryStore memory, GeneratedCourse course)
    {
        _flows = flows;
        _approvals = approvals;
        _memory = memory;
        _course = course;
    }

    public string InstanceId(string student) => $"{EnrollmentFlow.Name}-{_course.CourseId}-{student}";

    /// <summary>Starts the student's enrollment (the flow registers them as a billing customer); nothing happens for a student already enrolled.</summary>
    public async Task<bool> EnrollAsync(Student student, CancellationToken cancellationToken)
    {
        string id = InstanceId(student.Id);
        if (await _flows.GetAsync(id, cancellationToken) is { } existing)
        {
            await ReadyAsync(existing, cancellationToken);
            return false;
        }

        JsonElement input = Json.Element(w =>
        {
            w.WriteStartObject();
            w.WriteString("student", student.Id);
            w.WriteString("customerId", $"{_course.CourseId}-{student.Id}");
            w.WriteString("name", student.Name);
            w.WriteString("email", student.Email);
            w.WriteString("plan", student.Plan == PaymentPlan.Full ? "full" : "installments");
            w.WriteNumber("installments", CourseFees.InstallmentCount(student.Plan));
            w.WriteNumber("amount", CourseFees.AmountOf(student.Plan));
            w.WriteEndObject();
        });
        await _flows.StartAsync(EnrollmentFlow.Name, id, input, CoursePaths.StudentEntity(student.Id), cancellationToken);
        return true;
    }

    /// <summary>Raises installment <paramref name="installment"/>'s invoice on an enrollment that is still open, once.</summary>
    /// <returns><see langword="true"/> when it was issued now; <see langword="false"/> when it was issued before, the enrollment is
    /// closed, or the instance waits for the operator on a refund (the runner raises the invoice again later).</returns>
    public async Task<bool> InvoiceAsync(Student student, int installment, CancellationToken cancellationToken)
    {
        if (await OpenInstanceAsync(student.Id, cancellationToken) is not { PendingTrigger: null } instance || EnrollmentFlow.StepOutput(instance.Data, EnrollmentFlow.InvoiceStep(installment)) is not null)
        {
            return false;
        }

        instance = await _flows.RaiseAsync(instance.Id, EnrollmentFlow.InvoiceDue, Json.Element(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("installment", installment);
            w.WriteEndObject();
        }), cancellationToken);
        return EnrollmentFlow.StepOutput(instance.Data, EnrollmentFlow.InvoiceStep(installment)) is not null;
    }

    /// <summary>Raises the payment provider's notice on the student's enrollment, once, and records the payment's date for the refund-window rule.</summary>
    /// <returns><see langword="true"/> when it was recorded now; <see langword="false"/> when it was recorded before, its invoice is not
    /// issued, the enrollment is closed, or the instance waits for the operator on a refund (the runner raises the notice again later).</returns>
    public async Task<bool> RecordPaymentAsync(PaymentEvent payment, CancellationToken cancellationToken)
    {
        if (await OpenInstanceAsync(payment.Student, cancellationToken) is not { } instance ||
            EnrollmentFlow.StepOutput(instance.Data, EnrollmentFlow.InvoiceStep(payment.Installment)) is null)
        {
            return false;
        }

        bool recorded = false;
        if (EnrollmentFlow.StepOutput(instance.Data, EnrollmentFlow.PaymentStep(payment.Installment)) is null)
        {
            if (instance.PendingTrigger is not null)
            {
                // One transition at a time: while a refund waits for the operator, the notice waits too.
                return false;
            }

            instance = await _flows.RaiseAsync(instance.Id, EnrollmentFlow.PaymentReceived, Json.Element(w =>
            {
                w.WriteStartObject();
                w.WriteNumber("installment", payment.Installment);
                w.WriteNumber("amount", payment.Amount);
                w.WriteString("reference", $"psp-{payment.Student}-{payment.Installment}");
                w.WriteString("paidAt", payment.PaidAt);
                w.WriteEndObject();
            }), cancellationToken);
            recorded = true;
        }

        // Recorded before, by a run stopped before this record: it is written now.
        if (EnrollmentFlow.StepOutput(instance.Data, EnrollmentFlow.PaymentStep(payment.Installment)) is { } output)
        {
            await RecordPaymentDateAsync(instance, payment, Json.GetString(output, "invoiceNumber")!, cancellationToken);
            return recorded;
        }

        return false;
    }

    /// <summary>Returns whether a payment notice has not reached its open enrollment yet (it arrived while a refund waited for the operator).</summary>
    public async Task<bool> IsPaymentWaitingAsync(PaymentEvent payment, CancellationToken cancellationToken) =>
        await _flows.GetAsync(InstanceId(payment.Student), cancellationToken) is { IsCompleted: false } instance &&
        EnrollmentFlow.StepOutput(instance.Data, EnrollmentFlow.PaymentStep(payment.Installment)) is null;

    /// <summary>Handles a student's request to withdraw (a refund case the triage agent opened): raises it on the enrollment, or declines it, once per request.</summary>
    public async Task<RefundOutcome> RequestRefundAsync(string studentId, string messageId, string casePath, CancellationToken cancellationToken)
    {
        string entity = CoursePaths.StudentEntity(studentId);
        string attribute = EnrollmentRecords.RefundAttribute(messageId);
        if (await _memory.GetAsync(entity, attribute, cancellationToken) is { } existing)
        {
            return new RefundOutcome(Json.GetString(existing.Value, "status") ?? RefundStatus.Failed, Json.GetString(existing.Value, "approvalId"));
        }

        string[] inputs = [CoursePaths.MailEntity(messageId), $"file/{casePath}"];
        FlowInstance? instance = await _flows.GetAsync(InstanceId(studentId), cancellationToken);
        if (instance is not null)
        {
            instance = await ReadyAsync(instance, cancellationToken);
        }

        // A run stopped after raising this very request: the flow already has it, and says what became of it.
        bool raised = instance is not null && EnrollmentFlow.EventPayload(instance.Data, EnrollmentFlow.RefundRequested) is { } earlier && Json.GetString(earlier, "messageId") == messageId;
        string? declined = raised ? null : instance switch
        {
            null => "The sender is not enrolled in the course.",
            { IsCompleted: true } => "The enrollment was already revoked.",
            { PendingTrigger: not null } => $"A refund for this student is already {RefundStatus.AwaitingApproval} ({instance.ApprovalId}).",
            { State: not EnrollmentFlow.Active } => "Nothing has been paid yet, so there is nothing to refund.",
            _ => null,
        };
        if (declined is not null)
        {
            string outcome = instance?.PendingTrigger is not null ? RefundStatus.Duplicate : RefundStatus.Declined;
            await WriteRefundAsync(entity, attribute, RefundValue(outcome, declined, null, null, instance?.Id, null), inputs, null, cancellationToken);
            return new RefundOutcome(outcome, null);
        }

        if (!raised)
        {
            instance = await _flows.RaiseAsync(instance!.Id, EnrollmentFlow.RefundRequested, Json.Element(w =>
            {
                w.WriteStartObject();
                w.WriteString("messageId", messageId);
                w.WriteString("case", casePath);
                w.WriteEndObject();
            }), cancellationToken);
        }

        JsonElement paid = EnrollmentFlow.StepOutput(instance!.Data, EnrollmentFlow.PaymentStep(EnrollmentFlow.LatestPaidInstallment(instance.Data)))!.Value;
        string number = Json.GetString(paid, "invoiceNumber")!;
        decimal amount = paid.GetProperty("amount").GetDecimal();
        (string status, string reason) = instance switch
        {
            { State: EnrollmentFlow.Refunded } => (RefundStatus.Refunded, "Refunded at once: within the amount threshold and the refund window."),
            { Status: FlowStatus.AwaitingApproval, ApprovalId: { } waiting } => (RefundStatus.AwaitingApproval, (await _approvals.GetAsync(waiting, cancellationToken))?.Decision.Reason ?? "Waiting for the operator."),
            { Status: FlowStatus.Failed } => (RefundStatus.Failed, instance.Error ?? "The refund step failed."),
            _ => (RefundStatus.Declined, "Refused by policy."),
        };
        string? approvalId = status == RefundStatus.AwaitingApproval ? instance.ApprovalId : null;
        await WriteRefundAsync(entity, attribute, RefundValue(status, reason, number, amount, instance.Id, approvalId), [.. inputs, $"flow/{instance.Id}"], null, cancellationToken);
        return new RefundOutcome(status, approvalId);
    }

    /// <summary>Follows up an operator's decision on a refund: the flow resumes with it (refunded, or back to active), and the request's record says which.</summary>
    public async Task FollowUpRefundAsync(string studentId, string messageId, ApprovalRequest decided, CancellationToken cancellationToken)
    {
        string entity = CoursePaths.StudentEntity(studentId);
        string attribute = EnrollmentRecords.RefundAttribute(messageId);
        if (await _memory.GetAsync(entity, attribute, cancellationToken) is not { } record || Json.GetString(record.Value, "status") != RefundStatus.AwaitingApproval ||
            await _flows.GetAsync(InstanceId(studentId), cancellationToken) is not { } instance)
        {
            return;
        }

        // The approval queue resumes a waiting instance at once; one this process had not loaded yet resumes here.
        if (instance is { Status: FlowStatus.AwaitingApproval } && instance.ApprovalId == decided.Id)
        {
            instance = await _flows.ResumeAsync(instance.Id, cancellationToken);
        }

        (string status, string reason) = instance switch
        {
            { State: EnrollmentFlow.Refunded } => (RefundStatus.Refunded, $"Approved by {decided.DecidedBy}."),
            { PendingTrigger: null, State: EnrollmentFlow.Active } => (RefundStatus.Declined, $"{decided.Status} by {decided.DecidedBy}: {decided.DecisionReason}"),
            _ => (RefundStatus.AwaitingApproval, string.Empty),
        };
        if (status == RefundStatus.AwaitingApproval)
        {
            return;
        }

        string? number = Json.GetString(record.Value, "invoiceNumber");
        decimal? amount = record.Value.TryGetProperty("amount", out JsonElement a) ? a.GetDecimal() : null;
        await WriteRefundAsync(entity, attribute, RefundValue(status, reason, number, amount, instance.Id, decided.Id), [CoursePaths.MailEntity(messageId), $"flow/{instance.Id}"], decided.Id, cancellationToken);
    }

    // The student's instance when it still bills (not refunded), resumed first if a stopped run left a step half-way.
    private async Task<FlowInstance?> OpenInstanceAsync(string studentId, CancellationToken cancellationToken) =>
        await _flows.GetAsync(InstanceId(studentId), cancellationToken) is { IsCompleted: false } instance ? await ReadyAsync(instance, cancellationToken) : null;

    private async Task<FlowInstance> ReadyAsync(FlowInstance instance, CancellationToken cancellationToken) =>
        instance.Status is FlowStatus.Running or FlowStatus.Failed ? await _flows.ResumeAsync(instance.Id, cancellationToken) : instance;

    private async Task RecordPaymentDateAsync(FlowInstance instance, PaymentEvent payment, string number, CancellationToken cancellationToken)
    {
        if (await _memory.GetAsync(EnrollmentRecords.InvoiceEntity(number), EnrollmentRecords.PaymentAttribute, cancellationToken) is not null)
        {
            return;
        }

        JsonElement record = Json.Element(w =>
        {
            w.WriteStartObject();
            w.WriteString("student", payment.Student);
            w.WriteNumber("installment", payment.Installment);
            w.WriteNumber("amount", payment.Amount);
            w.WriteString("currency", CourseFees.Currency);
            w.WriteString("paidAt", payment.PaidAt.ToString("O", CultureInfo.InvariantCulture));
            w.WriteEndObject();
        });
        string[] inputs = [$"payment-provider/psp-{payment.Student}-{payment.Installment}", $"flow/{instance.Id}"];
        await _memory.WriteAsync(
            new MemoryWrite(EnrollmentRecords.InvoiceEntity(number), EnrollmentRecords.PaymentAttribute, MemoryKind.Fact, record, new Provenance(ActorKind.Flow, EnrollmentFlow.Name) { InputReferences = inputs }),
            cancellationToken);
    }

    private Task<MemoryRecord> WriteRefundAsync(string entity, string attribute, JsonElement value, IReadOnlyList<string> inputs, string? approvalId, CancellationToken cancellationToken) =>
        _memory.WriteAsync(
            new MemoryWrite(entity, attribute, MemoryKind.Fact, value, new Provenance(ActorKind.Flow, EnrollmentFlow.Name) { InputReferences = inputs, ApprovalId = approvalId }),
            cancellationToken);

    private static JsonElement RefundValue(string status, string reason, string? invoice, decimal? amount, string? flowInstance, string? approvalId) => Json.Element(w =>
    {
        w.WriteStartObject();
        w.WriteString("status", status);
        w.WriteString("reason", reason);
        if (invoice is not null && amount is not null)
        {
            w.WriteString("invoiceNumber", invoice);
            w.WriteNumber("amount", amount.Value);
            w.WriteString("currency", CourseFees.Currency);
        }

        if (flowInstance is not null)
        {
            w.WriteString("flow", flowInstance);
        }

        if (approvalId is not null)
        {
            w.WriteString("approvalId", approvalId);
        }

        w.WriteEndObject();
    });
}
