using OperatorOs.Connectors.Calendar.Internal;

namespace OperatorOs.Connectors.Calendar.Tests.Internal;

public sealed class FreeBusyReaderTests
{
    [Fact]
    public void Read_PeriodsWithEndsDurationsFoldingAndFree_ReturnsTheBusyOnes()
    {
        const string text = "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VFREEBUSY\nFREEBUSY;FBTYPE=BUSY-UNAVAILABLE:20260504T080000Z/PT1H30M,\n 20260504T120000Z/20260504T121500Z\nFREEBUSY;FBTYPE=FREE:20260504T130000Z/PT1H\nFREEBUSY:20260505T000000Z/P1D\nEND:VFREEBUSY\nEND:VCALENDAR\n";

        List<(DateTimeOffset Start, DateTimeOffset End)> periods = FreeBusyReader.Read(text);

        Assert.Equal(
            [
                (new DateTimeOffset(2026, 5, 4, 8, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 5, 4, 9, 30, 0, TimeSpan.Zero)),
                (new DateTimeOffset(2026, 5, 4, 12, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 5, 4, 12, 15, 0, TimeSpan.Zero)),
                (new DateTimeOffset(2026, 5, 5, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 5, 6, 0, 0, 0, TimeSpan.Zero)),
            ],
            periods);
    }

    [Theory]
    [InlineData("<html/>", "does not start with BEGIN:VCALENDAR")]
    [InlineData("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "without a VFREEBUSY")]
    [InlineData("BEGIN:VCALENDAR\r\nBEGIN:VFREEBUSY\r\nFREEBUSY:20260504T080000Z\r\nEND:VFREEBUSY\r\nEND:VCALENDAR", "without a '/'")]
    [InlineData("BEGIN:VCALENDAR\r\nBEGIN:VFREEBUSY\r\nFREEBUSY:20260504T080000/PT1H\r\nEND:VFREEBUSY\r\nEND:VCALENDAR", "not a UTC date-time")]
    [InlineData("BEGIN:VCALENDAR\r\nBEGIN:VFREEBUSY\r\nFREEBUSY:20260504T080000Z/P1X\r\nEND:VFREEBUSY\r\nEND:VCALENDAR", "malformed duration")]
    [InlineData("BEGIN:VCALENDAR\r\nBEGIN:VFREEBUSY\r\nFREEBUSY:20260504T080000Z/20260504T070000Z\r\nEND:VFREEBUSY\r\nEND:VCALENDAR", "ends before it starts")]
    public void Read_Malformed_ThrowsSayingWhat(string text, string problem)
    {
        InvalidDataException ex = Assert.Throws<InvalidDataException>(() => FreeBusyReader.Read(text));

        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
    }
}
