using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace OperatorOs.Shell.Tests.Commands;

/// <summary><c>opos intents deferred</c> and the mode and queue lines of <c>opos status</c>, on files written by offline and degraded hosts.</summary>
public sealed class IntentsCommandTests(HostDatabase golden) : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly TempDirectory _directory = new();

    /// <summary>Runs a host with a scribe agent that has no deterministic strategy (so work it cannot do is deferred), starts its hosted services, submits the intents, and stops.</summary>
    private async Task<(string Path, List<Intent> Intents)> HostAsync(IChatClient? model, int intents)
    {
        string path = _directory.Combine($"host-{Guid.NewGuid():n}.db");
        var services = new ServiceCollection();
        if (model is not null)
        {
            services.AddSingleton(model);
        }

        services.AddOperatorOs(o =>
            {
                o.ExecutionRetryDelay = TimeSpan.Zero;
                o.Models.MaxRetries = 0;
            })
            .UseSqlite(path)
            .AddConnector(new RecordingConnector("test", HostDatabase.Capabilities))
            .AddAgent(new AgentRole("scribe", "You keep notes.") { GrantedCapabilities = ["notes.write"] })
            .MapIntentToAgent("note.requested", "scribe");

        var submitted = new List<Intent>();
        await using (ServiceProvider host = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }))
        {
            _ = await HostDatabase.StartAsync(host, Ct);
            IOperatorKernel kernel = host.GetRequiredService<IOperatorKernel>();
            for (int i = 0; i < intents; i++)
            {
                Intent intent = Intent.Create("note.requested", TestJson.Parse($$"""{"note":{{i}}}"""), "inbox", TrustLevel.Untrusted, TimeProvider.System);
                IntentResult result = await kernel.SubmitAsync(intent, Ct);
                Assert.NotNull(result.DeferredReason);
                submitted.Add(intent);
            }

            await HostDatabase.StopAsync(host, Ct);
        }

        SqliteConnection.ClearAllPools();
        return (path, submitted);
    }

    private static ScriptedChatClient FailingModel() => new("down-model")
    {
        GetResponseAsyncCallback = (_, _, _) => Task.FromException<ChatResponse>(new HttpRequestException("provider said no", null, HttpStatusCode.ServiceUnavailable)),
    };

    [Fact]
    public async Task Deferred_Text_ListsEachIntentWithAgentSourceAndReason()
    {
        (string db, List<Intent> intents) = await HostAsync(model: null, intents: 2);

        CliResult result = await Cli.RunAsync("intents", "deferred", "--db", db);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Empty(result.Error);
        string[] lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("INTENT", lines[0], StringComparison.Ordinal);
        Assert.Equal(3, lines.Length);
        Assert.Contains(intents[0].Id, lines[1], StringComparison.Ordinal);
        Assert.Contains(intents[1].Id, lines[2], StringComparison.Ordinal);
        Assert.All(lines[1..], line =>
        {
            Assert.Contains("note.requested", line, StringComparison.Ordinal);
            Assert.Contains("scribe", line, StringComparison.Ordinal);
            Assert.Contains("inbox (Untrusted)", line, StringComparison.Ordinal);
            Assert.Contains("Offline: no model is configured", line, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Resolve_TakesTheIntentOffTheQueue_OnceOnly_AndUnknownIdsAreNotFound()
    {
        (string db, List<Intent> intents) = await HostAsync(model: null, intents: 2);

        CliResult resolved = await Cli.RunAsync("intents", "resolve", intents[0].Id, "--by", "ada", "--note", "answered by phone", "--db", db);
        CliResult again = await Cli.RunAsync("intents", "resolve", intents[0].Id, "--by", "ada", "--db", db);
        CliResult unknown = await Cli.RunAsync("intents", "resolve", "no-such-intent", "--db", db);
        CliResult listed = await Cli.RunAsync("intents", "deferred", "--db", db, "--json");

        Assert.Equal(ExitCodes.Ok, resolved.ExitCode);
        Assert.Contains($"Resolved {intents[0].Id}", resolved.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.NotFound, again.ExitCode);
        Assert.Contains("does not wait for the operator", again.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.NotFound, unknown.ExitCode);
        JsonElement left = Assert.Single(JsonDocument.Parse(listed.Out).RootElement.EnumerateArray());
        Assert.Equal(intents[1].Id, left.GetProperty("intentId").GetString());
    }

    [Fact]
    public async Task Deferred_Json_GivesTheIntentTheAgentTheReasonAndWhen()
    {
        (string db, List<Intent> intents) = await HostAsync(FailingModel(), intents: 1);

        CliResult result = await Cli.RunAsync("intents", "deferred", "--db", db, "--json");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        JsonElement item = Assert.Single(result.Json().EnumerateArray());
        Assert.Equal(intents[0].Id, item.GetProperty("intentId").GetString());
        Assert.Equal("note.requested", item.GetProperty("name").GetString());
        Assert.Equal("inbox", item.GetProperty("source").GetString());
        Assert.Equal("Untrusted", item.GetProperty("trust").GetString());
        Assert.Equal(intents[0].CorrelationId, item.GetProperty("correlationId").GetString());
        Assert.Equal(0, item.GetProperty("payload").GetProperty("note").GetInt32());
        Assert.Equal("scribe", item.GetProperty("agent").GetString());
        Assert.Contains("HTTP 503", item.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.True(item.GetProperty("deferredAt").GetDateTimeOffset() >= intents[0].CreatedAt);
    }

    [Fact]
    public async Task Deferred_NothingDeferred_SaysSo_AndJsonIsAnEmptyArray()
    {
        string db = golden.CopyTo(_directory);

        CliResult text = await Cli.RunAsync("intents", "deferred", "--db", db);
        CliResult json = await Cli.RunAsync("intents", "deferred", "--db", db, "--json");

        Assert.Equal(ExitCodes.Ok, text.ExitCode);
        Assert.Equal("No deferred intents.", text.Out.Trim());
        Assert.Equal(ExitCodes.Ok, json.ExitCode);
        Assert.Equal(0, json.Json().GetArrayLength());
    }

    [Fact]
    public async Task Deferred_MissingDatabase_FailsWithTheDatabaseMissingCode()
    {
        CliResult result = await Cli.RunAsync("intents", "deferred", "--db", _directory.Combine("none.db"));

        Assert.Equal(ExitCodes.DatabaseMissing, result.ExitCode);
        Assert.Contains("does not exist", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Out);
    }

    [Fact]
    public async Task Status_OfflineHost_ShowsOfflineSinceItStartedAndTheDeferredCount()
    {
        DateTimeOffset before = TimeProvider.System.GetUtcNow();
        (string db, _) = await HostAsync(model: null, intents: 2);

        CliResult text = await Cli.RunAsync("status", "--db", db);
        CliResult json = await Cli.RunAsync("status", "--db", db, "--json");

        Assert.Equal(ExitCodes.Ok, text.ExitCode);
        Assert.Contains("offline since", text.Out, StringComparison.Ordinal);
        Assert.Contains("No chat client is registered", text.Out, StringComparison.Ordinal);
        Assert.Contains("2 intents waiting for the operator", text.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, json.ExitCode);
        JsonElement status = json.Json();
        JsonElement mode = status.GetProperty("operator");
        Assert.Equal("offline", mode.GetProperty("mode").GetString());
        Assert.Contains("No chat client is registered", mode.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.True(mode.GetProperty("since").GetDateTimeOffset() >= before.AddSeconds(-1));
        Assert.Equal(2, status.GetProperty("deferredIntents").GetInt32());
    }

    [Fact]
    public async Task Status_DegradedHost_ShowsDegradedWithTheReason()
    {
        (string db, _) = await HostAsync(FailingModel(), intents: 1);

        CliResult text = await Cli.RunAsync("status", "--db", db);
        CliResult json = await Cli.RunAsync("status", "--db", db, "--json");

        Assert.Contains("degraded since", text.Out, StringComparison.Ordinal);
        Assert.Contains("1 intent waiting for the operator", text.Out, StringComparison.Ordinal);
        JsonElement mode = json.Json().GetProperty("operator");
        Assert.Equal("degraded", mode.GetProperty("mode").GetString());
        Assert.Contains("HTTP 503", mode.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.String, mode.GetProperty("since").ValueKind);
        Assert.Equal(1, json.Json().GetProperty("deferredIntents").GetInt32());
    }

    [Fact]
    public async Task Status_NothingJournaled_IsOnlineWithNoSpell_AndNoDeferredIntents()
    {
        string db = golden.CopyTo(_directory);

        CliResult text = await Cli.RunAsync("status", "--db", db);
        CliResult json = await Cli.RunAsync("status", "--db", db, "--json");

        Assert.Contains("online (the journal records no offline or degraded spell)", text.Out, StringComparison.Ordinal);
        JsonElement status = json.Json();
        Assert.Equal("online", status.GetProperty("operator").GetProperty("mode").GetString());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("operator").GetProperty("since").ValueKind);
        Assert.Equal(0, status.GetProperty("deferredIntents").GetInt32());
    }

    public void Dispose() => _directory.Dispose();
}
