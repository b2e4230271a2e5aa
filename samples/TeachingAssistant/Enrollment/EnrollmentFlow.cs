using System.Globalization;
using System.Text.Json;
using OperatorOs;
using TeachingAssistant.Course;
using TeachingAssistant.Support;

namespace TeachingAssistant.Enrollment;

/// <summary>The enrollment of one student as a durable flow (<c>enrollment</c> v1): customer, invoices and payments, and a refund on withdrawal.</summary>
/// <remarks>
/// <code>
/// registering --(always) customer--> awaiting-payment --payment.received: payment-k--> active --refund.requested: refund--> refunded
///                                      invoice.due: invoice-k (self)                     invoice.due, payment.received (self)
///                                                                                          refund refused (operator rejected) --> active
/// </code>
/// <para>Each step is an <see cref="ActionProposal"/> the kernel governs like any other, with the operation token of its instance and
/// transition, so the Billing connector performs it once however often the flow is resumed. Installment <c>k</c> has its own steps
/// (<c>invoice-k</c>, <c>payment-k</c>), and each is guarded to run once per instance: an event repeated by mistake is ignored.</para>
/// <para>A refund's arguments (invoice, amount) come from the flow's own data — the latest payment step's output — never from the
/// student's email, which only raised the event; the policy file's amount threshold and <see cref="RefundWindowPolicy"/> decide whether
/// the operator must approve. A rejection returns the enrollment to <c>active</c>; a completed refund ends it (<c>refunded</c>: revoked).</para>
/// </remarks>
internal static class EnrollmentFlow
{
    public const string Name = "enrollment";
    public const int Version = 1;

    public const string Registering = "registering";
    public const string AwaitingPayment = "awaiting-payment";
    public const string Active = "active";
    public const string Refunded = "refunded";

    public const string InvoiceDue = "invoice.due";
    public const string PaymentReceived = "payment.received";
    public const string RefundRequested = "refund.requested";

    public const string CustomerStep = "customer";
    public const string RefundStep = "refund";

    /// <summary>Gets the most installments any plan has: the flow declares steps for each.</summary>
    public static int MaxInstallments { get; } = Math.Max(CourseFees.InstallmentCount(PaymentPlan.Full), CourseFees.InstallmentCount(PaymentPlan.Installments));

    public static string InvoiceStep(int installment) => "invoice-" + installment.ToString(CultureInfo.InvariantCulture);

    public static string PaymentStep(int installment) => "payment-" + installment.ToString(CultureInfo.InvariantCulture);

    public static FlowDefinition Define()
    {
        var flow = new FlowBuilder(Name, Version)
            .CorrelateIntents(intent => Json.GetString(intent.Payload, "student") is { } student ? CoursePaths.StudentEntity(student) : null)
            .Initial(Registering)
            .State(Registering, s => s
                .Always()
                    .Step(CustomerStep, "billing.customer.upsert", Customer, "Register the student as a billing customer.")
                    .TransitionTo(AwaitingPayment))
            .State(AwaitingPayment, s => Billing(s, AwaitingPayment))
            .State(Active, s => Billing(s, Active)
                .On(RefundRequested)
                    .Step(RefundStep, "billing.refund", Refund, "Refund the latest payment on the student's withdrawal.")
                    .OnRefused(Active)
                    .TransitionTo(Refunded))
            .Terminal(Refunded);
        return flow.Build();
    }

    /// <summary>Returns the installment of the latest payment the flow recorded, or 0 when none.</summary>
    public static int LatestPaidInstallment(JsonElement data)
    {
        for (int k = MaxInstallments; k >= 1; k--)
        {
            if (StepOutput(data, PaymentStep(k)) is not null)
            {
                return k;
            }
        }

        return 0;
    }

    /// <summary>Returns a completed step's output from an instance's data, or <see langword="null"/>.</summary>
    public static JsonElement? StepOutput(JsonElement data, string step) =>
        data.TryGetProperty("steps", out JsonElement steps) && steps.TryGetProperty(step, out JsonElement output) ? output : null;

    /// <summary>Returns the last payload of a trigger from an instance's data, or <see langword="null"/>.</summary>
    public static JsonElement? EventPayload(JsonElement data, string trigger) =>
        data.TryGetProperty("events", out JsonElement events) && events.TryGetProperty(trigger, out JsonElement payload) ? payload : null;

    // Invoices and payments, in both states that bill: installment k's invoice once, then its payment once, and a payment makes the enrollment active.
    private static FlowStateBuilder Billing(FlowStateBuilder state, string self)
    {
        for (int k = 1; k <= MaxInstallments; k++)
        {
            int installment = k;
            state = state
                .On(InvoiceDue).When(c => Installment(c) == installment && !c.TryGetStepOutput(InvoiceStep(installment), out _))
                    .Step(InvoiceStep(installment), "billing.invoice.create", c => Invoice(c, installment), "Invoice the installment that is due.")
                    .TransitionTo(self)
                .On(PaymentReceived).When(c => Installment(c) == installment && c.TryGetStepOutput(InvoiceStep(installment), out _) && !c.TryGetStepOutput(PaymentStep(installment), out _))
                    .Step(PaymentStep(installment), "billing.payment.record", c => Payment(c, installment), "Record the payment provider's notice against its invoice.")
                    .TransitionTo(Active);
        }

        return state;
    }

    private static int Installment(FlowContext c) =>
        c.Payload.ValueKind == JsonValueKind.Object && c.Payload.TryGetProperty("installment", out JsonElement k) ? k.GetInt32() : 0;

    private static JsonElement Customer(FlowContext c) => Json.Element(w =>
    {
        w.WriteStartObject();
        w.WriteString("customerId", Json.GetString(c.Input, "customerId"));
        w.WriteString("name", Json.GetString(c.Input, "name"));
        w.WriteString("email", Json.GetString(c.Input, "email"));
        w.WriteEndObject();
    });

    private static JsonElement Invoice(FlowContext c, int installment) => Json.Element(w =>
    {
        int count = c.Input.GetProperty("installments").GetInt32();
        w.WriteStartObject();
        w.WriteString("customerId", Json.GetString(c.Input, "customerId"));
        w.WriteString("currency", CourseFees.Currency);
        w.WriteNumber("amount", c.Input.GetProperty("amount").GetDecimal());
        w.WriteString("description", count == 1 ? "Course fee" : string.Create(CultureInfo.InvariantCulture, $"Course fee, installment {installment} of {count}"));
        w.WriteEndObject();
    });

    private static JsonElement Payment(FlowContext c, int installment) => Json.Element(w =>
    {
        w.WriteStartObject();
        w.WriteString("invoiceNumber", Json.GetString(c.StepOutput(InvoiceStep(installment)), "invoiceNumber"));
        w.WriteString("currency", CourseFees.Currency);
        w.WriteNumber("amount", c.Payload.GetProperty("amount").GetDecimal());
        w.WriteString("reference", Json.GetString(c.Payload, "reference"));
        w.WriteEndObject();
    });

    // The latest payment, as the payment step recorded it: invoice and amount come from the ledger's answer, not from the request.
    private static JsonElement Refund(FlowContext c) => Json.Element(w =>
    {
        JsonElement paid = c.StepOutput(PaymentStep(LatestPaidInstallment(c.Data)));
        w.WriteStartObject();
        w.WriteString("invoiceNumber", Json.GetString(paid, "invoiceNumber"));
        w.WriteString("currency", CourseFees.Currency);
        w.WriteNumber("amount", paid.GetProperty("amount").GetDecimal());
        w.WriteString("reason", $"Withdrawal requested in message {Json.GetString(c.Payload, "messageId")}.");
        w.WriteEndObject();
    });
}
