namespace OperatorOs.Connectors.Http.Tests;

public sealed class HttpConnectorOptionsTests
{
    [Fact]
    public void Defaults_AreDocumentedValues()
    {
        var options = new HttpConnectorOptions();

        Assert.Equal("http", options.Name);
        Assert.Equal("Idempotency-Key", options.IdempotencyKeyHeaderName);
        Assert.True(options.RetryKeyedNonIdempotentMethods);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Timeout);
        Assert.Equal(3, options.MaxRetryAttempts);
        Assert.Equal(RiskTier.External, new HttpOperation().RiskTier);
        Assert.Equal("GET", new HttpOperation().Method);
    }

    [Theory]
    [InlineData("/refunds/{id", "no closing")]
    [InlineData("/refunds/id}", "no opening")]
    [InlineData("/refunds/{a-b}", "not a name")]
    [InlineData("refunds", null)]
    public void Constructor_MalformedTemplate_ThrowsArgumentException(string template, string? expected)
    {
        var options = new HttpConnectorOptions { BaseAddress = expected is null ? null : new Uri("http://127.0.0.1:1/") };
        options.Operations.Add(new HttpOperation { Name = "a.b", UrlTemplate = template });

        ArgumentException ex = Assert.Throws<ArgumentException>(() => new HttpConnector(options));

        Assert.Contains(expected ?? "no BaseAddress", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_DuplicateNamesAndArguments_AreReported()
    {
        var options = new HttpConnectorOptions { BaseAddress = new Uri("http://127.0.0.1:1/api/") };
        options.Operations.Add(new HttpOperation { Name = "a.b", UrlTemplate = "/x/{id}", QueryArguments = { "id" } });
        options.Operations.Add(new HttpOperation { Name = "a.b", UrlTemplate = "/y" });

        ArgumentException ex = Assert.Throws<ArgumentException>(() => new HttpConnector(options));

        Assert.Contains("used twice", ex.Message, StringComparison.Ordinal);
        Assert.Contains("used by another operation", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BaseAddressWithPath_RelativeTemplatesAreAppendedToIt()
    {
        Assert.Equal("http://h/api/v1/refunds/7", Internal.CompiledOperation.Resolve(new Uri("http://h/api/v1"), "/refunds/7")!.AbsoluteUri);
        Assert.Equal("http://other/x", Internal.CompiledOperation.Resolve(new Uri("http://h/api/"), "http://other/x")!.AbsoluteUri);
        Assert.Null(Internal.CompiledOperation.Resolve(null, "/x"));
    }
}
