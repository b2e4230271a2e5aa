namespace OperatorOs.Abstractions.Tests.Connectors;

public class ConnectorExceptionTests
{
    [Fact]
    public void Constructor_WithoutRetryAfter_NamesTheConnectorAndHasNoDelay()
    {
        var error = new ConnectorException("mail", "the server is busy", isTransient: true);

        Assert.Equal("mail", error.Connector);
        Assert.True(error.IsTransient);
        Assert.Null(error.RetryAfter);
        Assert.Equal("Connector 'mail': the server is busy", error.Message);
    }

    [Fact]
    public void RetryAfter_Set_IsKept()
    {
        var error = new ConnectorException("mail", "429", isTransient: true) { RetryAfter = TimeSpan.FromSeconds(12) };

        Assert.Equal(TimeSpan.FromSeconds(12), error.RetryAfter);
    }

    [Fact]
    public void RetryAfter_Zero_IsAllowed()
    {
        var error = new ConnectorException("mail", "503", isTransient: true) { RetryAfter = TimeSpan.Zero };

        Assert.Equal(TimeSpan.Zero, error.RetryAfter);
    }

    [Fact]
    public void RetryAfter_Negative_ThrowsNamingTheProperty()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ConnectorException("mail", "503", isTransient: true) { RetryAfter = TimeSpan.FromSeconds(-1) });

        Assert.Equal(nameof(ConnectorException.RetryAfter), error.ParamName);
    }
}
