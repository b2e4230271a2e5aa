namespace OperatorOs.Connectors.Http.Tests;

public sealed partial class HttpConnectorTests
{
    [Theory]
    [InlineData(ConnectorFixture.GetRefundCapability, "{}", "$.id")]
    [InlineData(ConnectorFixture.GetRefundCapability, """{"id":null}""", "$.id")]
    [InlineData(ConnectorFixture.GetRefundCapability, """{"id":{"a":1}}""", "$.id")]
    [InlineData(ConnectorFixture.GetRefundCapability, """{"id":""}""", "$.id")]
    [InlineData(ConnectorFixture.GetRefundCapability, """{"id":"a","bogus":1}""", "$.bogus")]
    [InlineData(ConnectorFixture.GetRefundCapability, """{"id":"a","tag":[{"x":1}]}""", "$.tag")]
    [InlineData(ConnectorFixture.GetRefundCapability, """{"id":"a","id":"b"}""", "$.id")]
    [InlineData(ConnectorFixture.GetRefundCapability, "[]", "$")]
    [InlineData(ConnectorFixture.RefundCapability, "{}", "$.refund")]
    public async Task ExecuteAsync_BadArguments_ThrowsConnectorArgumentExceptionBeforeAnyRequest(string capability, string arguments, string path)
    {
        HttpConnector connector = _fixture.Create();

        ConnectorArgumentException validated = Assert.Throws<ConnectorArgumentException>(() => connector.ValidateArguments(capability, TestJson.Parse(arguments)));
        ConnectorArgumentException executed = await Assert.ThrowsAsync<ConnectorArgumentException>(() => ConnectorFixture.ExecuteAsync(connector, capability, arguments, "bad-1"));

        Assert.Equal(path, validated.Path);
        Assert.Equal(path, executed.Path);
        Assert.Equal(capability, executed.Capability);
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public async Task ExecuteAsync_UnknownCapability_ThrowsUnknownCapabilityException()
    {
        HttpConnector connector = _fixture.Create();

        Assert.Throws<UnknownCapabilityException>(() => connector.ValidateArguments("payments.nope", TestJson.Parse("{}")));
        await Assert.ThrowsAsync<UnknownCapabilityException>(() => ConnectorFixture.ExecuteAsync(connector, "payments.nope", "{}", "u-1"));
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public void ValidateArguments_SchemaRequiredList_IsEnforced()
    {
        HttpConnector connector = _fixture.Create(o => o.Operations.Add(new HttpOperation
        {
            Name = "payments.search",
            RiskTier = RiskTier.Read,
            UrlTemplate = "/refunds/search",
            QueryArguments = { "q" },
            ArgumentsSchema = TestJson.Parse("""{"type":"object","properties":{"q":{"type":"string"}},"required":["q"]}"""),
        }));

        ConnectorArgumentException ex = Assert.Throws<ConnectorArgumentException>(() => connector.ValidateArguments("payments.search", TestJson.Parse("{}")));

        Assert.Equal("$.q", ex.Path);
        connector.ValidateArguments("payments.search", TestJson.Parse("""{"q":"x"}"""));
    }
}
