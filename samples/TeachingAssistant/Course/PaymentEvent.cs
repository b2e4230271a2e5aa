namespace TeachingAssistant.Course;

/// <summary>The payment provider's notice that a student paid installment <paramref name="Installment"/> (from 1).</summary>
internal sealed record PaymentEvent(string Student, int Installment, decimal Amount, DateTimeOffset PaidAt);
