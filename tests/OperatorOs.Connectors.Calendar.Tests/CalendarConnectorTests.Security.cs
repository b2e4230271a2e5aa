using System.Text;

namespace OperatorOs.Connectors.Calendar.Tests;

public sealed partial class CalendarConnectorTests
{
    [Fact]
    public async Task ExecuteAsync_WrongPassword_FailsNotTransientWith401AndNeverShowsTheCredentials()
    {
        var logger = new RecordingLogger();
        CalendarConnector connector = _calendar.Connect(o => o.Password = "wrong-" + _calendar.Server.Password, logger: logger);

        CalendarConnectorException ex = await Assert.ThrowsAsync<CalendarConnectorException>(() => connector.ExecuteAsync(CreateRequest(), Ct));

        Assert.False(ex.IsTransient);
        Assert.Equal(401, ex.StatusCode);
        Assert.Contains("rejected the credentials of user 'alice'", ex.Message, StringComparison.Ordinal);
        AssertNoSecret(ex.ToString(), "wrong-" + _calendar.Server.Password);
        AssertNoSecret(string.Join("\n", logger.Messages), "wrong-" + _calendar.Server.Password);
        Assert.Empty(_calendar.Stored());
    }

    [Fact]
    public async Task ExecuteAsync_AnotherUsersCalendar_IsForbidden()
    {
        Uri bobs = new(_calendar.Server.BaseUri, $"{RadicaleServer.OtherUser}/private/");
        CalendarConnector connector = _calendar.Connect(o => o.CalendarUrl = bobs);

        CalendarConnectorException ex = await Assert.ThrowsAsync<CalendarConnectorException>(() => connector.ExecuteAsync(CreateRequest(), Ct));

        Assert.False(ex.IsTransient);
        Assert.Equal(403, ex.StatusCode);
        Assert.Contains("forbids this to user 'alice'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_NoCredentials_FailsWith401SayingNoneAreConfigured()
    {
        CalendarConnector connector = _calendar.Connect(o => (o.Username, o.Password) = (null, null));

        CalendarConnectorException ex = await Assert.ThrowsAsync<CalendarConnectorException>(
            () => connector.ExecuteAsync(RangeRequest(CalendarConnector.ListCapability, "2026-05-04T00:00:00Z", "2026-05-05T00:00:00Z"), Ct));

        Assert.Equal(401, ex.StatusCode);
        Assert.Contains("none are configured", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Results_LogsAndOptions_NeverContainThePassword()
    {
        var logger = new RecordingLogger();
        CalendarConnector connector = _calendar.Connect(logger: logger);
        string password = _calendar.Server.Password;

        OperationResult created = await connector.ExecuteAsync(CreateRequest(), Ct);
        OperationResult listed = await connector.ExecuteAsync(RangeRequest(CalendarConnector.ListCapability, "2026-05-04T00:00:00Z", "2026-05-05T00:00:00Z"), Ct);
        OperationStatus status = await connector.GetStatusAsync(created.Token, Ct);

        Assert.Contains(logger.Messages, m => m.Contains($"PUT {_calendar.Url.AbsolutePath}", StringComparison.Ordinal) && m.Contains("-> 201", StringComparison.Ordinal));
        foreach (string text in new[] { created.Output.GetRawText(), created.Summary, listed.Output.GetRawText(), status.Result!.Output.GetRawText(), string.Join("\n", logger.Messages), _calendar.Server.Options(_calendar.Url, null).ToString() })
        {
            AssertNoSecret(text, password);
        }
    }

    private static void AssertNoSecret(string text, string password)
    {
        Assert.DoesNotContain(password, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes($"{RadicaleServer.User}:{password}")), text, StringComparison.Ordinal);
    }
}
