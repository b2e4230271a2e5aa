using System.Text.Json;
using TeachingAssistant.Hosting;

namespace TeachingAssistant.Tests;

/// <summary>The host's real-model path, pointed at a local server that speaks the OpenAI chat-completions protocol.</summary>
public sealed class RealModelPathTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task SemesterSlice_OnAnOpenAICompatibleEndpoint_CallsTheModelWithToolsAndReportsItsCost()
    {
        await using ChatCompletionsServer server = ChatCompletionsServer.Start("small-model")
            .Enqueue(ChatCompletionsReply.WithToolCalls(("files__write", """{"path":"replies/model-check.md","content":"Thanks, the operator will answer.","_confidence":0.4}""")) with
            {
                PromptTokens = 900,
                CompletionTokens = 40,
            });
        server.Fallback = ChatCompletionsReply.WithText("I have passed this to the operator.") with { PromptTokens = 800, CompletionTokens = 12 };
        var options = new SemesterOptions
        {
            DatabasePath = _directory.Combine("semester.db"),
            ReportPath = _directory.Combine("semester-report.json"),
            Seed = 81,
            Students = 4,
            Weeks = 1,
            Quiet = true,
            Models = new ModelSettings(server.Endpoint, "test-key", "small-model", null) { SmallPrice = new OperatorOs.ModelPrice(1m, 2m) },
        };

        SemesterResult result = await SemesterApp.RunAsync(options, TextWriter.Null, TextWriter.Null, terminal: false, TestContext.Current.CancellationToken);

        Assert.Equal(0, result.ExitCode);
        using JsonDocument report = JsonDocument.Parse(await File.ReadAllBytesAsync(options.ReportPath, TestContext.Current.CancellationToken));
        JsonElement root = report.RootElement;
        Assert.Equal("Online", root.GetProperty("run").GetProperty("mode").GetString());
        Assert.True(server.Requests.Count > 1, $"{server.Requests.Count} model calls");
        Assert.Contains("files__write", server.Requests[0].GetProperty("tools").GetRawText(), StringComparison.Ordinal);
        Assert.Contains(server.Requests[1].GetProperty("messages").EnumerateArray(), m => m.GetProperty("role").GetString() == "tool");
        long tokens = root.GetProperty("cost").GetProperty("tokens").GetInt64();
        Assert.Equal(940 + ((server.Requests.Count - 1) * 812L), tokens);
        Assert.True(root.GetProperty("cost").GetProperty("usd").GetDouble() > 0);
        Assert.Equal(0, root.GetProperty("security").GetProperty("unauthorizedEffects").GetInt32());
    }

    [Theory]
    [InlineData("http://localhost:11434/v1/", "", "OPERATOROS_SMALL_MODEL")]
    [InlineData("not a url", "llama3.2", "OPERATOROS_MODEL_ENDPOINT")]
    public void Settings_FromTheEnvironment_NameTheBadVariable(string endpoint, string small, string named)
    {
        var variables = new Dictionary<string, string?> { [ModelSettings.EndpointVariable] = endpoint, [ModelSettings.SmallModelVariable] = small };

        FormatException error = Assert.Throws<FormatException>(() => ModelSettings.FromEnvironment(name => variables.GetValueOrDefault(name)));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_FromTheEnvironment_OfflineWithoutThem_AndParsedWithThem()
    {
        Assert.Null(ModelSettings.FromEnvironment(_ => null));

        var variables = new Dictionary<string, string?>
        {
            [ModelSettings.EndpointVariable] = "http://localhost:11434/v1",
            [ModelSettings.SmallModelVariable] = "llama3.2",
            [ModelSettings.LargeModelVariable] = "qwen2.5:32b",
            [ModelSettings.SmallPriceVariable] = "0.15/0.60",
        };
        ModelSettings settings = ModelSettings.FromEnvironment(name => variables.GetValueOrDefault(name))!;

        Assert.Equal(new Uri("http://localhost:11434/v1/"), settings.Endpoint);
        Assert.Equal(("llama3.2", "qwen2.5:32b", (string?)null), (settings.SmallModel, settings.LargeModel, settings.ApiKey));
        Assert.Equal(new OperatorOs.ModelPrice(0.15m, 0.60m), settings.SmallPrice);
    }

    public void Dispose() => _directory.Dispose();
}
