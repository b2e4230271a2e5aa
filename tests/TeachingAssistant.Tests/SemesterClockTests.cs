using TeachingAssistant.Time;

namespace TeachingAssistant.Tests;

public sealed class SemesterClockTests
{
    private static readonly DateTimeOffset Start = new(2026, 9, 7, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AdvanceTo_Later_MovesTheClock()
    {
        var clock = new SemesterClock(Start);

        clock.AdvanceTo(Start.AddDays(3));

        Assert.Equal(Start.AddDays(3), clock.GetUtcNow());
    }

    [Fact]
    public void AdvanceTo_Earlier_LeavesTheClockWhereItIs()
    {
        var clock = new SemesterClock(Start.AddDays(10));

        clock.AdvanceTo(Start);

        Assert.Equal(Start.AddDays(10), clock.GetUtcNow());
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(6.9, 1)]
    [InlineData(7, 2)]
    [InlineData(-3, 1)]
    [InlineData(200, 12)]
    public void WeekOf_Instant_IsClampedToTheSemester(double days, int week)
    {
        var calendar = new SemesterCalendar(Start, 12);

        Assert.Equal(week, calendar.WeekOf(Start.AddDays(days)));
    }

    [Fact]
    public void ReviewTime_IsSundayEvening()
    {
        var calendar = new SemesterCalendar(Start, 12);

        Assert.Equal(new DateTimeOffset(2026, 9, 20, 20, 0, 0, TimeSpan.Zero), calendar.ReviewTime(2));
    }
}
