using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.DependencyInjection;

namespace OperatorOs.Kernel.Tests.Flows;

public sealed class FlowPropertiesTests
{
    private static readonly (string Trigger, string Payload)[] Events =
    [
        ("payment.received", """{"amount":20}"""),
        ("payment.received", """{"amount":150}"""),
        ("enrollment.cancelled", "{}"),
        ("course.finished", "{}"),
        ("refund.requested", "{}"),
        ("no.such.event", "{}"),
    ];

    // Per instance, a list of event indexes; plus an interleaving: which instance sends its next event at each turn.
    private static Gen<(int[][] Scripts, int[] Order)> Cases() =>
        from count in Gen.Choose(2, 5)
        from scripts in Gen.Choose(0, Events.Length - 1).ArrayOf().Select(a => a.Take(5).ToArray()).ArrayOf(count)
        from order in Gen.Shuffle(scripts.SelectMany((script, i) => Enumerable.Repeat(i, script.Length)).ToArray())
        select (scripts, order.ToArray());

    [Property(MaxTest = 40)]
    public Property AnyInterleaving_OfIndependentInstances_EndsLikeSequentialProcessing() =>
        Prop.ForAll(Arb.From(Cases()), c => Task.Run(async () =>
        {
            Dictionary<string, string> sequential = await RunAsync(c.Scripts, Enumerable.Range(0, c.Scripts.Length).SelectMany(i => Enumerable.Repeat(i, c.Scripts[i].Length)).ToArray(), concurrent: false);
            Dictionary<string, string> interleaved = await RunAsync(c.Scripts, c.Order, concurrent: false);
            Dictionary<string, string> parallel = await RunAsync(c.Scripts, c.Order, concurrent: true);
            return sequential.Count == interleaved.Count
                && sequential.All(p => interleaved[p.Key] == p.Value && parallel[p.Key] == p.Value);
        }).GetAwaiter().GetResult());

    [Property(MaxTest = 40)]
    public Property Replay_OfAnyRecordedHistory_NeverDivergesOnUnchangedCode_AndFindsAChangedGuard() =>
        Prop.ForAll(Arb.From(Cases()), c => Task.Run(async () =>
        {
            await using var h = new FlowHarness(b => b.AddFlow(FlowHarness.Enrollment()));
            await DriveAsync(h, c.Scripts, c.Order, concurrent: false);
            FlowDefinition same = FlowHarness.Enrollment();
            FlowDefinition stricter = FlowHarness.Enrollment(minimum: 1000);
            foreach (int i in Enumerable.Range(0, c.Scripts.Length))
            {
                List<JournalEvent> history = await h.StreamAsync($"i{i}");
                if (FlowReplay.Replay(same, history).Diverged)
                {
                    return false;
                }

                // A payment of 150 fired the guarded transition; with a stricter guard the replay must stop exactly there.
                bool paid = history.SelectMany(FlowRecord.Read).Any(r => r.Type == FlowEventTypes.Accepted && r.Payload.GetProperty("trigger").GetString() == "payment.received");
                FlowReplayResult changed = FlowReplay.Replay(stricter, history);
                if (paid != changed.Diverged || (paid && changed.Divergence!.What != "guard"))
                {
                    return false;
                }
            }

            return true;
        }).GetAwaiter().GetResult());

    [Property(MaxTest = 30)]
    public Property AnyHistory_TheStateTheRuntimeHolds_IsTheStateTheJournalFoldsTo() =>
        Prop.ForAll(Arb.From(Cases()), c => Task.Run(async () =>
        {
            await using var h = new FlowHarness(b => b.AddFlow(FlowHarness.Enrollment()));
            await DriveAsync(h, c.Scripts, c.Order, concurrent: true);
            var storage = new FlowStorage(h.Kernel.Journal, h.Kernel.Memory);
            for (int i = 0; i < c.Scripts.Length; i++)
            {
                // Records apply to the running instance as they are written; reading them back must give the same instance.
                FlowInstance running = (await h.Flows.GetAsync($"i{i}"))!;
                FlowInstance folded = (await storage.GetAsync($"i{i}"))!;
                if (running with { Data = default } != folded with { Data = default } || !JsonElement.DeepEquals(running.Data, folded.Data))
                {
                    return false;
                }
            }

            return true;
        }).GetAwaiter().GetResult());

    private static async Task<Dictionary<string, string>> RunAsync(int[][] scripts, int[] order, bool concurrent)
    {
        await using var h = new FlowHarness(b => b.AddFlow(FlowHarness.Enrollment()));
        Dictionary<string, List<string>> outcomes = await DriveAsync(h, scripts, order, concurrent);
        var final = new Dictionary<string, string>();
        for (int i = 0; i < scripts.Length; i++)
        {
            FlowInstance instance = (await h.Flows.GetAsync($"i{i}"))!;
            final[$"i{i}"] = $"{instance.State}|{instance.Status}|{instance.Data.GetRawText()}|{string.Join(",", outcomes[$"i{i}"])}";
        }

        return final;
    }

    private static async Task<Dictionary<string, List<string>>> DriveAsync(FlowHarness h, int[][] scripts, int[] order, bool concurrent)
    {
        var outcomes = new Dictionary<string, List<string>>();
        for (int i = 0; i < scripts.Length; i++)
        {
            outcomes[$"i{i}"] = [];
            await h.Flows.StartAsync("enrollment", $"i{i}", FlowHarness.Json($$"""{"student":"s{{i}}"}"""));
        }

        if (concurrent)
        {
            // Every instance sends its own events in order, all instances at once.
            await Task.WhenAll(Enumerable.Range(0, scripts.Length).Select(i => Task.Run(async () =>
            {
                foreach (int e in scripts[i])
                {
                    outcomes[$"i{i}"].Add(await SendAsync(h, $"i{i}", e));
                }
            })));
            return outcomes;
        }

        var next = new int[scripts.Length];
        foreach (int i in order)
        {
            outcomes[$"i{i}"].Add(await SendAsync(h, $"i{i}", scripts[i][next[i]++]));
        }

        return outcomes;
    }

    private static async Task<string> SendAsync(FlowHarness h, string id, int e)
    {
        try
        {
            FlowInstance after = await h.Flows.RaiseAsync(id, Events[e].Trigger, FlowHarness.Json(Events[e].Payload));
            return after.State;
        }
        catch (FlowException ex)
        {
            return ex.GetType().Name;
        }
    }
}
