using System.Text.Json;

namespace OperatorOs.Connectors.Http.Tests;

/// <summary>A payments server and HTTP connectors configured against it.</summary>
internal sealed class ConnectorFixture : IAsyncDisposable
{
    public const string Secret = "sk_live_Sup3r+Secret/Value==";
    public const string RefundCapability = "payments.refund";
    public const string GetRefundCapability = "payments.get";
    public const string EchoCapability = "payments.echo";
    public const string RejectCapability = "payments.reject";
    public const string TextCapability = "payments.text";

    private readonly List<HttpConnector> _connectors = [];

    public PaymentsServer Server { get; } = new();

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static OperationToken Token(string value) => new(value);

    public void Configure(HttpConnectorOptions options)
    {
        options.BaseAddress = Server.BaseAddress;
        options.BearerToken = Secret;
        options.Timeout = TimeSpan.FromSeconds(5);
        options.RetryDelay = TimeSpan.FromMilliseconds(10);
        options.Operations.Add(new HttpOperation
        {
            Name = RefundCapability,
            Description = "Refunds a payment.",
            RiskTier = RiskTier.Financial,
            Method = "POST",
            UrlTemplate = "/refunds",
            BodyArgument = "refund",
        });
        options.Operations.Add(new HttpOperation
        {
            Name = GetRefundCapability,
            RiskTier = RiskTier.Read,
            UrlTemplate = "/refunds/{id}",
            QueryArguments = { "expand", "tag" },
        });
        options.Operations.Add(new HttpOperation { Name = EchoCapability, RiskTier = RiskTier.Read, UrlTemplate = "/echo" });
        options.Operations.Add(new HttpOperation { Name = RejectCapability, Method = "POST", UrlTemplate = "/reject" });
        options.Operations.Add(new HttpOperation { Name = TextCapability, RiskTier = RiskTier.Read, UrlTemplate = "/text", QueryArguments = { "size" } });
    }

    public HttpConnector Create(Action<HttpConnectorOptions>? adjust = null)
    {
        var options = new HttpConnectorOptions();
        Configure(options);
        adjust?.Invoke(options);
        var connector = new HttpConnector(options);
        _connectors.Add(connector);
        return connector;
    }

    public static Task<OperationResult> RefundAsync(HttpConnector connector, string token, int amount = 500, CancellationToken? cancellationToken = null) =>
        connector.ExecuteAsync(
            new OperationRequest(RefundCapability, TestJson.Parse($$$"""{"refund":{"payment":"pay_1","amount":{{{amount}}}}}"""), Token(token)),
            cancellationToken ?? Ct);

    public static Task<OperationResult> ExecuteAsync(HttpConnector connector, string capability, string arguments, string token) =>
        connector.ExecuteAsync(new OperationRequest(capability, TestJson.Parse(arguments), Token(token)), Ct);

    public static string Text(JsonElement element) => element.GetRawText();

    public async ValueTask DisposeAsync()
    {
        foreach (HttpConnector connector in _connectors)
        {
            connector.Dispose();
        }

        await Server.DisposeAsync();
    }
}
