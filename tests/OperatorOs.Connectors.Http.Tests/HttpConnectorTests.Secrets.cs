namespace OperatorOs.Connectors.Http.Tests;

public sealed partial class HttpConnectorTests
{
    [Fact]
    public async Task ExecuteAsync_ServerEchoesCredentials_ResultRedactsThem()
    {
        HttpConnector connector = _fixture.Create(o =>
        {
            o.ApiKey = "api-key-" + ConnectorFixture.Secret;
            o.Timeout = TimeSpan.FromSeconds(5);
        });

        OperationResult result = await ConnectorFixture.ExecuteAsync(connector, ConnectorFixture.EchoCapability, "{}", "echo-1");

        RecordedRequest sent = Assert.Single(Server.Requests);
        Assert.Equal("api-key-" + ConnectorFixture.Secret, sent.ApiKey);
        Assert.Equal("Bearer ***", result.Output.GetProperty("body").GetProperty("authorization").GetString());
        Assert.Equal("***", result.Output.GetProperty("body").GetProperty("apiKey").GetString());
        AssertNoSecret(result.Output.GetRawText());
        AssertNoSecret(result.Summary);
    }

    [Fact]
    public async Task ExecuteAsync_ErrorBodyEchoesCredentials_ExceptionRedactsThem()
    {
        HttpConnector connector = _fixture.Create();

        HttpConnectorException ex = await Assert.ThrowsAsync<HttpConnectorException>(
            () => ConnectorFixture.ExecuteAsync(connector, ConnectorFixture.RejectCapability, "{}", "reject-2"));

        Assert.Contains("Bearer ***", ex.Message, StringComparison.Ordinal);
        AssertNoSecret(ex.ToString());
    }

    [Fact]
    public void ToString_OfOptionsAndConnector_NeverShowsCredentials()
    {
        var options = new HttpConnectorOptions { ApiKey = ConnectorFixture.Secret };
        _fixture.Configure(options);
        options.DefaultHeaders["Cookie"] = "session=" + ConnectorFixture.Secret;
        options.DefaultHeaders["X-Tenant"] = "acme";
        using var connector = new HttpConnector(options);

        string text = options.ToString();

        AssertNoSecret(text);
        Assert.Contains("BearerToken = ***", text, StringComparison.Ordinal);
        Assert.Contains("X-Tenant: acme", text, StringComparison.Ordinal);
        AssertNoSecret(connector.ToString()!);
    }

    [Fact]
    public void Constructor_InvalidOptions_MessageNamesSettingsButNoCredential()
    {
        var options = new HttpConnectorOptions { BearerToken = ConnectorFixture.Secret + "\n" };

        ArgumentException ex = Assert.Throws<ArgumentException>(() => new HttpConnector(options));

        Assert.Contains("BearerToken", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Operations", ex.Message, StringComparison.Ordinal);
        AssertNoSecret(ex.Message);
    }

    private static void AssertNoSecret(string text) => Assert.DoesNotContain("Sup3r", text, StringComparison.Ordinal);
}
