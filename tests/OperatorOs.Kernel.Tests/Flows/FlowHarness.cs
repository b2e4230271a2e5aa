using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace OperatorOs.Kernel.Tests.Flows;

/// <summary>A kernel with flows over a recording connector and a fake clock; internal-tier capabilities execute, financial ones need approval.</summary>
internal sealed class FlowHarness : IAsyncDisposable
{
    private readonly KernelHarness _kernel;

    public FlowHarness(Action<IOperatorOsBuilder> build, Action<OperatorOsOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        _kernel = new KernelHarness(
            o =>
            {
                o.TierDefaults[RiskTier.Internal] = PolicyVerdict.Execute;
                configure?.Invoke(o);
            },
            build,
            services: services);
    }

    public KernelHarness Kernel => _kernel;

    public IFlowRuntime Flows => _kernel.Services.GetRequiredService<IFlowRuntime>();

    internal FlowRuntime Runtime => _kernel.Services.GetRequiredService<FlowRuntime>();

    public RecordingConnector Connector => _kernel.Connector;

    public async Task<List<JournalEvent>> StreamAsync(string instanceId)
    {
        var events = new List<JournalEvent>();
        await foreach (JournalEvent e in _kernel.Journal.ReadStreamAsync(FlowEventTypes.StreamOf(instanceId), TestContext.Current.CancellationToken))
        {
            events.Add(e);
        }

        return events;
    }

    /// <summary>Reads an instance's records: each event alone, or each record of a checkpoint.</summary>
    public async Task<List<FlowRecord>> RecordsAsync(string instanceId) => [.. (await StreamAsync(instanceId)).SelectMany(FlowRecord.Read)];

    public ValueTask DisposeAsync() => _kernel.DisposeAsync();

    /// <summary>An enrollment: pay (guarded by amount) -> note the payment -> active; refund needs approval; overdue after 7 days.</summary>
    public static FlowDefinition Enrollment(int version = 1, decimal minimum = 100) => FlowDefinition.Create("enrollment", version)
        .Initial("awaiting-payment")
        .State("awaiting-payment", s => s
            .On("payment.received").When(c => c.Payload.GetProperty("amount").GetDecimal() >= minimum)
                .Step("note-payment", "notes.write", c => new JsonObject { ["student"] = c.Input.GetProperty("student").GetString(), ["paid"] = c.Payload.GetProperty("amount").GetDecimal() })
                .TransitionTo("active")
            .On("enrollment.cancelled").TransitionTo("cancelled")
            .After(TimeSpan.FromDays(7), "payment-overdue").TransitionTo("cancelled"))
        .State("active", s => s
            .On("refund.requested")
                .Step("refund", "billing.refund", c => new JsonObject { ["student"] = c.Input.GetProperty("student").GetString(), ["amount"] = c.StepOutput("note-payment").GetProperty("paid").GetDecimal() })
                .Step("note-refund", "notes.write", c => new JsonObject { ["refunded"] = c.StepOutput("refund").GetProperty("amount").GetDecimal() })
                .OnRefused("active-refund-refused")
                .TransitionTo("refunded")
            .On("course.finished").TransitionTo("graduated"))
        .State("active-refund-refused", s => s.Always().TransitionTo("active"))
        .Terminal("cancelled", "refunded", "graduated")
        .Build();

    public static JsonElement Json(string json) => TestJson.Parse(json);
}
