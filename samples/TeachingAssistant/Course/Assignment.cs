namespace TeachingAssistant.Course;

/// <summary>An assignment with its rubric; submissions are due on Sunday 23:59 UTC of <see cref="DueWeek"/>.</summary>
internal sealed record Assignment(string Id, string Title, int DueWeek, IReadOnlyList<RubricCriterion> Rubric)
{
    public int MaxPoints => Rubric.Sum(criterion => criterion.Points);
}
