namespace TeachingAssistant.Course;

/// <summary>The operator's answers to what students ask: the published FAQ, and what the operator knows but has not written down yet.</summary>
internal static class CourseFaq
{
    public static IReadOnlyList<FaqTopic> Topics { get; } =
    [
        new("deadline", true, "Assignments are due on Sunday at 23:59 UTC of the week they are set for; the portal shows each due date under Assignments.",
            ["When is the assignment due?", "What is the deadline for the homework?"]),
        new("late", true, "Late work loses 10% per day, for up to three days; after that the portal no longer accepts it.",
            ["Is there a penalty for a late submission?", "How many points do I lose if I hand in late?"]),
        new("slides", true, "Lecture slides and recordings are posted in the course portal under Week N > Materials within a day of each lecture.",
            ["Where can I find the lecture slides?", "Where are the lecture recordings posted?"]),
        new("grading", true, "Each assignment is graded against its published rubric within a week of the deadline; the rubric is on the assignment's page.",
            ["How is the assignment graded?", "When will the grades be out?"]),
        new("certificate", true, "The certificate is issued automatically once all assignments are passed with at least 60%.",
            ["How do I get the certificate?", "What do I need for the course certificate?"]),
        new("portal", true, "If you cannot log in to the course portal, reset your password with 'Forgot password' on the login page; the link is valid for one hour.",
            ["I cannot log in to the course portal.", "How do I reset my portal password?"]),
        new("installments", true, "You can pay the fee of 180 EUR at once or in four installments of 45 EUR, invoiced in weeks 1, 4, 7 and 10.",
            ["Can I pay the fee in installments?", "Is there a payment plan for the course fee?"]),
        new("refund-policy", true, "A payment can be refunded within 14 days; after that the instructor decides case by case. Write to us to withdraw.",
            ["What is the refund policy?", "Until when is a refund possible?"]),
        new("office-hours", false, "Office hours are on Thursdays from 16:00 to 17:30 UTC in the course video room; no appointment needed.",
            ["When are the office hours?", "Can I meet the teaching assistant?"]),
        new("exam", false, "There is no final exam: the grade is the average of the assignments, and the final project counts double.",
            ["When is the final exam?", "Is there a final exam?"]),
        new("collaboration", false, "You may discuss ideas with classmates, but every submission must be written by you alone; pair submissions are not accepted.",
            ["Can we work on the assignment in pairs?", "Is group work allowed?"]),
    ];

    public static FaqTopic Get(string id) => Topics.First(topic => string.Equals(topic.Id, id, StringComparison.Ordinal));
}
