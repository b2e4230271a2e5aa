namespace TeachingAssistant.Course;

/// <summary>The course's prices and the week each installment is invoiced.</summary>
internal static class CourseFees
{
    public const string Currency = "EUR";

    public const decimal FullFee = 180.00m;

    public const decimal Installment = 45.00m;

    private static readonly int[] InstallmentWeeks = [1, 4, 7, 10];

    public static int InstallmentCount(PaymentPlan plan) => plan == PaymentPlan.Full ? 1 : InstallmentWeeks.Length;

    public static decimal AmountOf(PaymentPlan plan) => plan == PaymentPlan.Full ? FullFee : Installment;

    /// <summary>Gets the week installment <paramref name="installment"/> (from 1) is invoiced.</summary>
    public static int DueWeek(PaymentPlan plan, int installment) => plan == PaymentPlan.Full ? 1 : InstallmentWeeks[installment - 1];
}
