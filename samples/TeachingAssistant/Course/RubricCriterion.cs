namespace TeachingAssistant.Course;

/// <summary>One line of a rubric: what is measured and how many points it is worth.</summary>
internal sealed record RubricCriterion(string Id, string Title, Measure Measure, int Points);
