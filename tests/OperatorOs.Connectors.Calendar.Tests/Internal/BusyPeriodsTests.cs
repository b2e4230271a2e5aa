using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using OperatorOs.Connectors.Calendar.Internal;

namespace OperatorOs.Connectors.Calendar.Tests.Internal;

public sealed class BusyPeriodsTests
{
    private static readonly DateTimeOffset s_origin = new(2026, 5, 4, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Merge_OverlappingTouchingAndOutside_ClipsAndMerges()
    {
        var range = new TimeRange(At(60), At(600));
        (DateTimeOffset, DateTimeOffset)[] periods = [(At(0), At(30)), (At(50), At(90)), (At(90), At(120)), (At(200), At(300)), (At(250), At(260)), (At(590), At(700))];

        List<(DateTimeOffset Start, DateTimeOffset End)> merged = BusyPeriods.Merge(periods, range);

        Assert.Equal([(At(60), At(120)), (At(200), At(300)), (At(590), At(600))], merged);
    }

    /// <summary>Whatever the periods, the merge is sorted, disjoint, inside the range, and covers exactly the minutes the periods cover.</summary>
    [Property(MaxTest = 300)]
    public Property Merge_AnyPeriods_CoversExactlyTheBusyMinutesWithDisjointSortedPeriods()
    {
        Gen<(int Start, int Length)> period = from start in Gen.Choose(0, 200) from length in Gen.Choose(0, 40) select (start, length);
        Gen<(int Start, int Length)[]> periods = Gen.ArrayOf(period);

        return Prop.ForAll(periods.ToArbitrary(), input =>
        {
            var range = new TimeRange(At(20), At(180));
            List<(DateTimeOffset Start, DateTimeOffset End)> merged = BusyPeriods.Merge(input.Select(p => (At(p.Start), At(p.Start + p.Length))), range);

            bool ordered = merged.Zip(merged.Skip(1)).All(pair => pair.First.End < pair.Second.Start);
            bool inside = merged.All(p => p.Start >= range.From && p.End <= range.To && p.Start < p.End);
            bool sameCoverage = Enumerable.Range(20, 160).All(minute =>
                input.Any(p => p.Start <= minute && minute < p.Start + p.Length) == merged.Any(m => m.Start <= At(minute) && At(minute) < m.End));
            return ordered && inside && sameCoverage;
        });
    }

    private static DateTimeOffset At(int minutes) => s_origin.AddMinutes(minutes);
}
