namespace TeachingAssistant.Enrollment;

/// <summary>Where the enrollment workflow keeps its state in memory: one record per step, so each step's "already done?" is one read.</summary>
internal static class EnrollmentRecords
{
    public const string EnrollmentAttribute = "enrollment";

    public const string PaymentAttribute = "payment";

    public const string Pending = "pending";
    public const string Active = "active";
    public const string Revoked = "revoked";

    public static string InvoiceAttribute(int installment) => "invoice/" + installment.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string RefundAttribute(string messageId) => "refund/" + messageId;

    /// <summary>Gets the entity of an invoice's payment record, which the refund-window rule reads.</summary>
    public static string InvoiceEntity(string invoiceNumber) => "invoice/" + invoiceNumber;
}
