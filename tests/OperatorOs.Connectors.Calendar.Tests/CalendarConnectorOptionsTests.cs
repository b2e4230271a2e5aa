namespace OperatorOs.Connectors.Calendar.Tests;

public sealed class CalendarConnectorOptionsTests
{
    [Fact]
    public void ToString_MasksThePassword()
    {
        var options = new CalendarConnectorOptions { CalendarUrl = new Uri("https://dav.example.com/a/c/"), Username = "alice", Password = "hunter2-secret" };

        string text = options.ToString();

        Assert.Contains("Password = ***", text, StringComparison.Ordinal);
        Assert.Contains("Username = alice", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-secret", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://alice:pw@dav.example.com/c/", "user information")]
    [InlineData("https://dav.example.com/c/?x=1", "query")]
    [InlineData("mailto:a@example.com", "http or https")]
    public void Constructor_BadCalendarUrl_ThrowsNamingTheSetting(string url, string problem)
    {
        var options = new CalendarConnectorOptions { CalendarUrl = new Uri(url), ReadOnly = true };

        ArgumentException ex = Assert.Throws<ArgumentException>(() => new CalendarConnector(options));

        Assert.Contains("CalendarUrl", ex.Message, StringComparison.Ordinal);
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(":pw@", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_InvalidSettings_ListsEachProblem()
    {
        var options = new CalendarConnectorOptions
        {
            CalendarUrl = new Uri("https://dav.example.com/c"),
            Password = "pw-only",
            UidDomain = "not a domain",
            DefaultOrganizer = "nobody",
            MaxRetryAttempts = 11,
            MaxListedEvents = 0,
        };

        ArgumentException ex = Assert.Throws<ArgumentException>(() => new CalendarConnector(options));

        foreach (string setting in new[] { "LedgerPath", "Password is set but Username is not", "UidDomain", "DefaultOrganizer", "MaxRetryAttempts", "MaxListedEvents" })
        {
            Assert.Contains(setting, ex.Message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("pw-only", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CalendarUrl_WithoutTrailingSlash_IsNormalized()
    {
        using var connector = new CalendarConnector(new CalendarConnectorOptions { CalendarUrl = new Uri("https://dav.example.com/alice/work"), ReadOnly = true });

        Assert.Equal("https://dav.example.com/alice/work/", connector.CalendarUrl.AbsoluteUri);
    }
}
