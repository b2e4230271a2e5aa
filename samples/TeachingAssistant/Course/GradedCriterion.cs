namespace TeachingAssistant.Course;

/// <summary>The points one rubric criterion gave, with the reason.</summary>
internal sealed record GradedCriterion(string Id, string Title, int Points, int Max, string Note);
