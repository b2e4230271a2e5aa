namespace TeachingAssistant.Course;

/// <summary>How a student pays the course fee.</summary>
internal enum PaymentPlan
{
    /// <summary>The whole fee with the first invoice.</summary>
    Full,

    /// <summary>Four equal installments, invoiced in weeks 1, 4, 7 and 10.</summary>
    Installments,
}
