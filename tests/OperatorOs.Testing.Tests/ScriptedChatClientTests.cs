using System.Text;
using Microsoft.Extensions.AI;

namespace OperatorOs.Testing.Tests;

public class ScriptedChatClientTests
{
    [Fact]
    public async Task GetResponseAsync_Script_ReturnsResponsesInOrder()
    {
        // Arrange
        using var client = new ScriptedChatClient();
        var third = new ChatResponse(new ChatMessage(ChatRole.Assistant, "third"));
        client.EnqueueText("first").EnqueueText("second").Enqueue(third);

        // Act
        ChatResponse a = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "1")], cancellationToken: TestContext.Current.CancellationToken);
        ChatResponse b = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "2")], cancellationToken: TestContext.Current.CancellationToken);
        ChatResponse c = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "3")], cancellationToken: TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal("first", a.Text);
        Assert.Equal("second", b.Text);
        Assert.Same(third, c);
        Assert.Equal("scripted-model", a.ModelId);
        Assert.Equal(ChatRole.Assistant, a.Messages.Single().Role);
    }

    [Fact]
    public async Task GetResponseAsync_Calls_RecordsMessagesAndOptionsOfEachCall()
    {
        // Arrange
        using var client = new ScriptedChatClient().EnqueueText("one").EnqueueText("two");
        var system = new ChatMessage(ChatRole.System, "be brief");
        var user = new ChatMessage(ChatRole.User, "hello");
        var options = new ChatOptions { Temperature = 0.2f, ModelId = "m-1", Tools = [AIFunctionFactory.Create(() => "x", "notes__read")] };

        // Act
        _ = await client.GetResponseAsync([system, user], options, TestContext.Current.CancellationToken);
        _ = await client.GetResponseAsync([user], cancellationToken: TestContext.Current.CancellationToken);

        // Assert
        Assert.Collection(
            client.Calls,
            first =>
            {
                Assert.Equal([system, user], first.Messages);
                Assert.NotNull(first.Options);
                Assert.NotSame(options, first.Options);
                Assert.Equal(0.2f, first.Options.Temperature);
                Assert.Equal("m-1", first.Options.ModelId);
                Assert.Equal("notes__read", Assert.Single(first.Options.Tools!).Name);
            },
            second =>
            {
                Assert.Equal([user], second.Messages);
                Assert.Null(second.Options);
            });
    }

    [Fact]
    public async Task GetResponseAsync_CallerMutatesOptionsAndListAfterwards_RecordedCallIsUnchanged()
    {
        // Arrange
        using var client = new ScriptedChatClient().EnqueueText("ok");
        var options = new ChatOptions { Temperature = 0.5f, StopSequences = ["stop"] };
        List<ChatMessage> messages = [new(ChatRole.User, "hi")];

        // Act
        _ = await client.GetResponseAsync(messages, options, TestContext.Current.CancellationToken);
        options.Temperature = 1.5f;
        options.ModelId = "changed";
        messages.Add(new ChatMessage(ChatRole.User, "later"));

        // Assert
        ScriptedChatCall call = Assert.Single(client.Calls);
        Assert.Equal(0.5f, call.Options!.Temperature);
        Assert.Null(call.Options.ModelId);
        Assert.Single(call.Messages);
    }

    [Fact]
    public async Task GetResponseAsync_LazyEnumerable_IsEnumeratedOnceAndRecorded()
    {
        using var client = new ScriptedChatClient().EnqueueText("ok");
        int enumerations = 0;
        IEnumerable<ChatMessage> Messages()
        {
            enumerations++;
            yield return new ChatMessage(ChatRole.User, "a");
            yield return new ChatMessage(ChatRole.User, "b");
        }

        _ = await client.GetResponseAsync(Messages(), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(1, enumerations);
        Assert.Equal(["a", "b"], Assert.Single(client.Calls).Messages.Select(m => m.Text));
    }

    [Fact]
    public async Task GetResponseAsync_Callback_OverridesTheScriptAndSeesTheCall()
    {
        // Arrange
        using var client = new ScriptedChatClient().EnqueueText("scripted");
        IReadOnlyList<ChatMessage>? seenMessages = null;
        ChatOptions? seenOptions = null;
        client.GetResponseAsyncCallback = (messages, options, _) =>
        {
            seenMessages = messages;
            seenOptions = options;
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, $"echo {messages[^1].Text}")));
        };
        var options = new ChatOptions { ModelId = "m" };

        // Act
        ChatResponse response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "ping")], options, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal("echo ping", response.Text);
        Assert.Equal("ping", Assert.Single(seenMessages!).Text);
        Assert.Same(options, seenOptions);
        Assert.Single(client.Calls);

        // The script was not consumed: clearing the callback answers from it.
        client.GetResponseAsyncCallback = null;
        ChatResponse scripted = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "again")], cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("scripted", scripted.Text);
    }

    [Fact]
    public async Task GetResponseAsync_CallbackThrows_PropagatesTheException()
    {
        using var client = new ScriptedChatClient
        {
            GetResponseAsyncCallback = (_, _, _) => Task.FromException<ChatResponse>(new TimeoutException("model down")),
        };

        var error = await Assert.ThrowsAsync<TimeoutException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "x")], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal("model down", error.Message);
    }

    [Fact]
    public async Task GetResponseAsync_EmptyScript_ThrowsInvalidOperationWithClearMessage()
    {
        using var client = new ScriptedChatClient();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "x")], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal("The scripted chat client was called 1 time(s) but its script has no response left.", error.Message);
        Assert.Single(client.Calls);
    }

    [Fact]
    public async Task GetResponseAsync_ScriptExhausted_MessageCountsAllCalls()
    {
        using var client = new ScriptedChatClient().EnqueueText("only");
        _ = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "1")], cancellationToken: TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "2")], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("called 2 time(s)", error.Message, StringComparison.Ordinal);
        Assert.Contains("no response left", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_CanceledToken_ThrowsWithoutConsumingTheScript()
    {
        using var client = new ScriptedChatClient().EnqueueText("kept");
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "x")], cancellationToken: cts.Token));

        Assert.Empty(client.Calls);
        Assert.Equal("kept", (await client.GetResponseAsync([], cancellationToken: TestContext.Current.CancellationToken)).Text);
    }

    [Fact]
    public async Task GetResponseAsync_NullMessages_ThrowsArgumentNull()
    {
        using var client = new ScriptedChatClient().EnqueueText("x");

        await Assert.ThrowsAsync<ArgumentNullException>(() => client.GetResponseAsync(null!, cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task GetResponseAsync_ConcurrentCalls_EachScriptedResponseIsReturnedOnce()
    {
        using var client = new ScriptedChatClient();
        for (int i = 0; i < 100; i++)
        {
            client.EnqueueText($"r{i}");
        }

        ChatResponse[] responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
            Task.Run(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, $"q{i}")], cancellationToken: TestContext.Current.CancellationToken))));

        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"r{i}").Order(StringComparer.Ordinal), responses.Select(r => r.Text).Order(StringComparer.Ordinal));
        Assert.Equal(100, client.Calls.Count);
    }

    [Fact]
    public async Task EnqueueToolCall_Arguments_ReturnsAFunctionCall()
    {
        // Arrange
        using var client = new ScriptedChatClient("model-x");
        client.EnqueueToolCall("notes__write", new Dictionary<string, object?> { ["text"] = "hi" }, "call-1");

        // Act
        ChatResponse response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "x")], cancellationToken: TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal("model-x", response.ModelId);
        FunctionCallContent call = Assert.IsType<FunctionCallContent>(Assert.Single(Assert.Single(response.Messages).Contents));
        Assert.Equal("call-1", call.CallId);
        Assert.Equal("notes__write", call.Name);
        Assert.Equal("hi", call.Arguments!["text"]);
    }

    [Fact]
    public async Task EnqueueToolCall_NoCallId_GeneratesDistinctIds()
    {
        using var client = new ScriptedChatClient();
        client.EnqueueToolCall("a", new Dictionary<string, object?>()).EnqueueToolCall("a", new Dictionary<string, object?>());

        ChatResponse first = await client.GetResponseAsync([], cancellationToken: TestContext.Current.CancellationToken);
        ChatResponse second = await client.GetResponseAsync([], cancellationToken: TestContext.Current.CancellationToken);

        string firstId = first.Messages.Single().Contents.OfType<FunctionCallContent>().Single().CallId;
        string secondId = second.Messages.Single().Contents.OfType<FunctionCallContent>().Single().CallId;
        Assert.StartsWith("call_", firstId, StringComparison.Ordinal);
        Assert.NotEqual(firstId, secondId);
    }

    [Fact]
    public void Enqueue_Null_ThrowsArgumentNull()
    {
        using var client = new ScriptedChatClient();

        Assert.Throws<ArgumentNullException>(() => client.Enqueue(null!));
    }

    [Fact]
    public void GetService_ChatClientMetadata_ReportsTheModelId()
    {
        using var client = new ScriptedChatClient("tiny-model");

        var metadata = Assert.IsType<ChatClientMetadata>(client.GetService(typeof(ChatClientMetadata)));

        Assert.Equal("tiny-model", metadata.DefaultModelId);
        Assert.Equal(nameof(ScriptedChatClient), metadata.ProviderName);
        Assert.Same(client.Metadata, metadata);
        Assert.Equal("tiny-model", client.GetService<ChatClientMetadata>()!.DefaultModelId);
    }

    [Fact]
    public void GetService_DefaultConstructor_ReportsScriptedModel()
    {
        using var client = new ScriptedChatClient();

        Assert.Equal("scripted-model", client.GetService<ChatClientMetadata>()!.DefaultModelId);
    }

    [Fact]
    public void GetService_OtherTypesAndKeys_ReturnsSelfOrNull()
    {
        using var client = new ScriptedChatClient();

        Assert.Same(client, client.GetService(typeof(IChatClient)));
        Assert.Same(client, client.GetService(typeof(ScriptedChatClient)));
        Assert.Null(client.GetService(typeof(string)));
        Assert.Null(client.GetService(typeof(ChatClientMetadata), "key"));
        Assert.Null(client.GetService(typeof(IChatClient), "key"));
        Assert.Throws<ArgumentNullException>(() => client.GetService(null!));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_Script_YieldsTheScriptedText()
    {
        // Arrange
        using var client = new ScriptedChatClient().EnqueueText("streamed answer").EnqueueText("next");
        var text = new StringBuilder();
        var updates = new List<ChatResponseUpdate>();

        // Act
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "q")], cancellationToken: TestContext.Current.CancellationToken))
        {
            updates.Add(update);
            text.Append(update.Text);
        }

        // Assert
        Assert.NotEmpty(updates);
        Assert.Equal("streamed answer", text.ToString());
        Assert.Equal("streamed answer", updates.ToChatResponse().Text);
        Assert.Single(client.Calls);
        Assert.Equal("next", (await client.GetResponseAsync([], cancellationToken: TestContext.Current.CancellationToken)).Text);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ToolCall_YieldsTheFunctionCall()
    {
        using var client = new ScriptedChatClient().EnqueueToolCall("mail__send", new Dictionary<string, object?> { ["to"] = "a@example.com" }, "c-9");

        var updates = new List<ChatResponseUpdate>();
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync([], cancellationToken: TestContext.Current.CancellationToken))
        {
            updates.Add(update);
        }

        FunctionCallContent call = updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().Single();
        Assert.Equal("c-9", call.CallId);
        Assert.Equal("mail__send", call.Name);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_EmptyScript_ThrowsInvalidOperation()
    {
        using var client = new ScriptedChatClient();

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync([], cancellationToken: TestContext.Current.CancellationToken))
            {
                _ = update;
            }
        });
    }

    [Fact]
    public async Task GetStreamingResponseAsync_Callback_StreamsItsUpdatesAndRecordsTheCall()
    {
        using var client = new ScriptedChatClient().EnqueueText("scripted, not streamed");
        ChatOptions? seen = null;
        client.GetStreamingResponseAsyncCallback = (messages, options, cancellationToken) =>
        {
            seen = options;
            return Updates(messages[^1].Text, cancellationToken);
        };

        var text = new StringBuilder();
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(
            [new ChatMessage(ChatRole.User, "echo")], new ChatOptions { Temperature = 0.5f }, TestContext.Current.CancellationToken))
        {
            text.Append(update.Text);
        }

        Assert.Equal("echo|echo", text.ToString());
        Assert.Equal(0.5f, seen!.Temperature);
        Assert.Equal("echo", Assert.Single(client.Calls).Messages[0].Text);

        // The script was not consumed: the non-streaming path still answers from it.
        Assert.Equal("scripted, not streamed", (await client.GetResponseAsync([], cancellationToken: TestContext.Current.CancellationToken)).Text);

        static async IAsyncEnumerable<ChatResponseUpdate> Updates(string text, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return new ChatResponseUpdate(ChatRole.Assistant, text);
            yield return new ChatResponseUpdate(ChatRole.Assistant, "|" + text);
        }
    }

    [Fact]
    public async Task GetStreamingResponseAsync_OnlyAResponseCallback_StreamsWhatItAnswers()
    {
        using var client = new ScriptedChatClient
        {
            GetResponseAsyncCallback = (messages, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, $"re: {messages[^1].Text}"))),
        };

        var updates = new List<ChatResponseUpdate>();
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hello")], cancellationToken: TestContext.Current.CancellationToken))
        {
            updates.Add(update);
        }

        Assert.Equal("re: hello", updates.ToChatResponse().Text);
    }

    [Fact]
    public void GetService_Callback_AnswersInsteadOfTheDefaults()
    {
        var requests = new List<(Type Type, object? Key)>();
        var marker = new object();
        using var client = new ScriptedChatClient
        {
            GetServiceCallback = (type, key) =>
            {
                requests.Add((type, key));
                return type == typeof(object) && Equals(key, "marker") ? marker : null;
            },
        };

        Assert.Same(marker, client.GetService(typeof(object), "marker"));
        Assert.Null(client.GetService(typeof(ChatClientMetadata)));
        Assert.Null(client.GetService(typeof(IChatClient)));
        Assert.Equal([(typeof(object), (object?)"marker"), (typeof(ChatClientMetadata), null), (typeof(IChatClient), null)], requests);
        Assert.Throws<ArgumentNullException>(() => client.GetService(null!));
    }
}
