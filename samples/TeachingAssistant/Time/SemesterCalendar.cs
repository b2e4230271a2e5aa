namespace TeachingAssistant.Time;

/// <summary>The semester's weeks: week 1 starts on <see cref="Start"/> (a Monday, 00:00 UTC), and each week ends with the operator's review on Sunday evening.</summary>
internal sealed class SemesterCalendar
{
    public SemesterCalendar(DateTimeOffset start, int weeks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(weeks, 1);
        Start = start.ToUniversalTime();
        Weeks = weeks;
    }

    public DateTimeOffset Start { get; }

    public int Weeks { get; }

    public DateTimeOffset End => WeekStart(Weeks + 1);

    public DateTimeOffset WeekStart(int week) => Start.AddDays(7 * (week - 1));

    /// <summary>Gets the moment of the operator's weekly review: Sunday 20:00 of the week.</summary>
    public DateTimeOffset ReviewTime(int week) => WeekStart(week).AddDays(6).AddHours(20);

    /// <summary>Gets the week an instant falls in, from 1; instants before the semester count as week 1, after it as the last week.</summary>
    public int WeekOf(DateTimeOffset instant)
    {
        int week = (int)Math.Floor((instant - Start).TotalDays / 7) + 1;
        return Math.Clamp(week, 1, Weeks);
    }
}
