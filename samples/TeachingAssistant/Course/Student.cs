namespace TeachingAssistant.Course;

/// <summary>An enrolled student: who they are, how they pay, and (for the simulation only) how good their work tends to be.</summary>
internal sealed record Student(string Id, string FirstName, string LastName, string Email, PaymentPlan Plan, double Skill)
{
    public string Name => $"{FirstName} {LastName}";
}
