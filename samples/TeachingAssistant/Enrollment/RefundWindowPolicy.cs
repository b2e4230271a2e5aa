using System.Globalization;
using Microsoft.Extensions.Options;
using OperatorOs;
using TeachingAssistant.Support;

namespace TeachingAssistant.Enrollment;

/// <summary>A course rule added to the kernel's pipeline: a refund of a payment older than the refund window needs the operator.</summary>
/// <remarks>
/// The payment's date comes from the record of the invoice's payment in memory, written when the enrollment flow recorded it, never from the proposal, so a proposal
/// cannot talk its way into the window. Like every rule it only adds a verdict: within the window the amount threshold still holds.
/// </remarks>
internal sealed class RefundWindowPolicy : IPolicy
{
    public const string RuleId = "course.refund-window";

    private readonly MemoryStore _memory;
    private readonly TimeProvider _clock;
    private readonly EnrollmentOptions _options;

    public RefundWindowPolicy(MemoryStore memory, TimeProvider clock, IOptions<EnrollmentOptions> options)
    {
        _memory = memory;
        _clock = clock;
        _options = options.Value;
    }

    public async ValueTask<PolicyDecision?> EvaluateAsync(PolicyContext context, CancellationToken cancellationToken = default)
    {
        if (context.Proposal.Capability != "billing.refund")
        {
            return null;
        }

        string? invoice = Json.GetString(context.Proposal.Arguments, "invoiceNumber");
        MemoryRecord? payment = invoice is null ? null : await _memory.GetAsync(EnrollmentRecords.InvoiceEntity(invoice), EnrollmentRecords.PaymentAttribute, cancellationToken);
        if (payment is null || Json.GetString(payment.Value, "paidAt") is not { } paidAtText)
        {
            return PolicyDecision.NeedsApproval(RuleId, $"No payment on record for invoice {invoice ?? "(none)"}.");
        }

        DateTimeOffset paidAt = DateTimeOffset.Parse(paidAtText, CultureInfo.InvariantCulture);
        double days = (_clock.GetUtcNow() - paidAt).TotalDays;
        string window = _options.RefundWindow.TotalDays.ToString("0", CultureInfo.InvariantCulture);
        string ago = days.ToString("0.#", CultureInfo.InvariantCulture);
        return _clock.GetUtcNow() - paidAt <= _options.RefundWindow
            ? PolicyDecision.Execute(RuleId, $"Paid {ago} days ago, within the {window}-day refund window.")
            : PolicyDecision.NeedsApproval(RuleId, $"Paid {ago} days ago, past the {window}-day refund window.");
    }
}
