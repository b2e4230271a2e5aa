namespace TeachingAssistant.Course;

/// <summary>What can be read off a submission: the autograder's count (if it ran), the code's shape, and the explanation's length.</summary>
internal sealed record SubmissionFeatures(int? TestsPassed, int TestsTotal, int Functions, int DocumentationLines, int Guards, int ExplanationWords);
