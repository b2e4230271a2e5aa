using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;

namespace OperatorOs.Testing.Tests;

public class ChatCompletionsServerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IChatClient Client(ChatCompletionsServer server, int retries = 0) =>
        new OpenAI.Chat.ChatClient(server.Model, new ApiKeyCredential("test-key"), new OpenAIClientOptions
        {
            Endpoint = server.Endpoint,
            RetryPolicy = new ClientRetryPolicy(retries),
        }).AsIChatClient();

    [Fact]
    public async Task OpenAIClient_GetsTextAndUsage()
    {
        await using ChatCompletionsServer server = ChatCompletionsServer.Start("small-model")
            .Enqueue(ChatCompletionsReply.WithText("The deadline is Friday.") with { PromptTokens = 120, CompletionTokens = 7 });

        ChatResponse response = await Client(server).GetResponseAsync("When is the deadline?", cancellationToken: Ct);

        Assert.Equal("The deadline is Friday.", response.Text);
        Assert.Equal("small-model", response.ModelId);
        Assert.Equal((120L, 7L), (response.Usage!.InputTokenCount, response.Usage.OutputTokenCount));
        Assert.Equal("When is the deadline?", server.Requests[0].GetProperty("messages")[0].GetProperty("content").GetString());
    }

    [Fact]
    public async Task OpenAIClient_GetsToolCallsWithTheirArguments_AndStreamingWorks()
    {
        await using ChatCompletionsServer server = ChatCompletionsServer.Start()
            .Enqueue(ChatCompletionsReply.WithToolCalls(("notes__write", """{"text":"hello"}""")))
            .Enqueue(ChatCompletionsReply.WithText("streamed"));
        IChatClient client = Client(server);

        ChatResponse response = await client.GetResponseAsync("write it", cancellationToken: Ct);
        List<ChatResponseUpdate> updates = [];
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync("again", cancellationToken: Ct))
        {
            updates.Add(update);
        }

        FunctionCallContent call = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Single();
        Assert.Equal("notes__write", call.Name);
        Assert.Equal("hello", call.Arguments!["text"]?.ToString());
        Assert.Equal("streamed", updates.ToChatResponse().Text);
    }

    [Fact]
    public async Task ErrorReply_CarriesItsStatusAndRetryAfter()
    {
        await using ChatCompletionsServer server = ChatCompletionsServer.Start().Enqueue(ChatCompletionsReply.WithError(429, TimeSpan.FromSeconds(3)));

        ClientResultException error = await Assert.ThrowsAsync<ClientResultException>(() => Client(server).GetResponseAsync("hi", cancellationToken: Ct));

        Assert.Equal(429, error.Status);
        Assert.True(error.GetRawResponse()!.Headers.TryGetValue("Retry-After", out string? after));
        Assert.Equal("3", after);
    }

    [Fact]
    public async Task ThroughTheKernel_AToolCallBecomesAProposal_UsageIsPriced_And429FallsBackToTheCheaperTier()
    {
        await using ChatCompletionsServer large = ChatCompletionsServer.Start("large-model").Enqueue(ChatCompletionsReply.WithError(429));
        await using ChatCompletionsServer small = ChatCompletionsServer.Start("small-model")
            .Enqueue(ChatCompletionsReply.WithToolCalls(("notes__write", """{"text":"hello","_confidence":0.9}""")) with { PromptTokens = 1_000, CompletionTokens = 100 })
            .Enqueue(ChatCompletionsReply.WithText("Written.") with { PromptTokens = 1_200, CompletionTokens = 10 });
        var role = new AgentRole("scribe", "You keep notes.") { GrantedCapabilities = ["notes.write"], ModelKey = "large" };
        await using OperatorScenario scenario = OperatorScenario.Create(s => s
            .WithCapability("notes.write", RiskTier.Internal)
            .WithModel("small", Client(small))
            .WithModel("large", Client(large))
            .WithOptions(o =>
            {
                o.Models.Tiers.Clear();
                o.Models.Tiers.Add("small");
                o.Models.Tiers.Add("large");
                o.Models.MaxRetries = 0;
                o.Models.IsTransient = ex => ex is ClientResultException { Status: 429 or >= 500 };
                o.Models.Prices["small-model"] = new ModelPrice(1m, 2m);
            })
            .WithKernel(k => k.AddAgent(role).MapIntentToAgent("note.requested", "scribe")));

        IntentResult result = await scenario.SubmitAsync("note.requested", cancellationToken: Ct);

        Assert.True(result.Degraded);
        Assert.Equal("Written.", result.Response);
        ProposalResult proposal = Assert.Single(result.Proposals);
        Assert.Equal("hello", proposal.Proposal.Arguments.GetProperty("text").GetString());
        Assert.Equal(0.9, proposal.Proposal.Confidence);
        Assert.Equal("small-model", proposal.Proposal.ModelId);
        ModelUsage usage = scenario.Services.GetRequiredService<IOperatorMetrics>().GetSnapshot().ModelUsage;
        Assert.Equal(new ModelUsage(2, 2_200, 110, ((2_200 * 1m) + (110 * 2m)) / 1_000_000m), usage);
        Assert.Single(large.Requests);
        Assert.Contains("notes__write", small.Requests[0].GetProperty("tools").GetRawText(), StringComparison.Ordinal);
    }
}
