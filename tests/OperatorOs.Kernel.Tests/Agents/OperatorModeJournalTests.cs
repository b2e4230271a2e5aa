using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OperatorOs.Testing;

namespace OperatorOs.Kernel.Tests.Agents;

public class OperatorModeJournalTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task StartAsync(KernelHarness harness)
    {
        foreach (IHostedService service in harness.Services.GetServices<IHostedService>())
        {
            await service.StartAsync(Ct);
        }
    }

    private static async Task StopAsync(KernelHarness harness)
    {
        foreach (IHostedService service in harness.Services.GetServices<IHostedService>())
        {
            await service.StopAsync(Ct);
        }
    }

    private static async Task<List<JournalEvent>> StatusEventsAsync(Journal journal)
    {
        var events = new List<JournalEvent>();
        await foreach (JournalEvent e in journal.ReadStreamAsync("operator/status", Ct))
        {
            events.Add(e);
        }

        return events;
    }

    [Fact]
    public async Task Start_NoChatClient_JournalsOfflineOnce_EvenWhenStartedTwice()
    {
        await using var harness = new KernelHarness();

        await StartAsync(harness);
        await StopAsync(harness);
        await StartAsync(harness);

        JournalEvent offline = Assert.Single(await StatusEventsAsync(harness.Journal));
        Assert.Equal(JournalEventTypes.OperatorOffline, offline.Type);
        Assert.Contains("No chat client", offline.Payload.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(KernelHarness.Start, offline.Timestamp);
        await StopAsync(harness);
    }

    [Fact]
    public async Task Start_WithChatClient_OnAFreshJournal_JournalsNothing()
    {
        await using var harness = new KernelHarness(model: new ScriptedChatClient());

        await StartAsync(harness);

        Assert.Empty(await StatusEventsAsync(harness.Journal));
        await StopAsync(harness);
    }

    [Fact]
    public async Task Start_AnotherOfflineHostOnTheSameJournal_DoesNotJournalOfflineAgain_AnOnlineHostSaysOnline()
    {
        var journal = new InMemoryJournal(TimeProvider.System);
        await using var first = new KernelHarness(services: s => s.AddSingleton<Journal>(journal));
        await StartAsync(first);
        await StopAsync(first);

        await using var second = new KernelHarness(services: s => s.AddSingleton<Journal>(journal));
        await StartAsync(second);
        await StopAsync(second);
        Assert.Equal([JournalEventTypes.OperatorOffline], (await StatusEventsAsync(journal)).Select(e => e.Type));

        await using var online = new KernelHarness(model: new ScriptedChatClient(), services: s => s.AddSingleton<Journal>(journal));
        await StartAsync(online);
        await StopAsync(online);
        Assert.Equal([JournalEventTypes.OperatorOffline, JournalEventTypes.OperatorOnline], (await StatusEventsAsync(journal)).Select(e => e.Type));
    }
}
