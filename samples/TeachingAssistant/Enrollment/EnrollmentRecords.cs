namespace TeachingAssistant.Enrollment;

/// <summary>The course's records of what the enrollment flow did, kept in memory for the rules and reports that read them.</summary>
internal static class EnrollmentRecords
{
    public const string PaymentAttribute = "payment";

    public static string RefundAttribute(string messageId) => "refund/" + messageId;

    /// <summary>Gets the entity of an invoice's payment record, which the refund-window rule reads.</summary>
    public static string InvoiceEntity(string invoiceNumber) => "invoice/" + invoiceNumber;
}
