using TeachingAssistant.Hosting;

namespace TeachingAssistant.Tests;

public sealed class SemesterOptionsTests
{
    [Fact]
    public void Parse_NoArguments_GivesTheMainJobsDefaults()
    {
        SemesterOptions options = SemesterOptions.Parse([]);

        Assert.Equal(Path.GetFullPath("semester.db"), options.DatabasePath);
        Assert.Equal(Path.GetFullPath("semester-report.json"), options.ReportPath);
        Assert.Equal(Path.GetFullPath("semester.ledger.db"), options.LedgerPath);
        Assert.Equal(Path.GetFullPath("semester.files"), options.FilesRoot);
        Assert.Equal((2026, 200, 12, false), (options.Seed, options.Students, options.Weeks, options.Quiet));
        Assert.Null(options.InboxDirectory);
    }

    [Fact]
    public void Parse_EveryOption_IsRead()
    {
        SemesterOptions options = SemesterOptions.Parse(
            ["--db", "data/course.db", "--report", "out/r.json", "--inbox", "mail", "--seed", "9", "--students", "30", "--weeks", "3", "--quiet"]);

        Assert.Equal(Path.GetFullPath("data/course.db"), options.DatabasePath);
        Assert.Equal(Path.GetFullPath("data/course.ledger.db"), options.LedgerPath);
        Assert.Equal(Path.GetFullPath("out/r.json"), options.ReportPath);
        Assert.Equal(Path.GetFullPath("mail"), options.InboxDirectory);
        Assert.Equal((9, 30, 3, true), (options.Seed, options.Students, options.Weeks, options.Quiet));
    }

    [Theory]
    [InlineData("--weeks", "13")]
    [InlineData("--weeks", "0")]
    [InlineData("--students", "many")]
    [InlineData("--seed", "-1")]
    [InlineData("--db")]
    [InlineData("--colour", "blue")]
    public void Parse_BadOption_IsAFormatExceptionNamingIt(params string[] args)
    {
        FormatException error = Assert.Throws<FormatException>(() => SemesterOptions.Parse(args));

        Assert.Contains(args[0], error.Message, StringComparison.Ordinal);
    }
}
