using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OperatorOs;
using OperatorOs.Connectors.Billing;

// Runs <flows> invoicing flows (customer -> invoice -> payment, three Billing operations each) on a SQLite journal, resuming
// whatever a previous run left unfinished. Prints "ready" once the host is built, just before it starts resuming and starting
// flows; "working" when it first asks the Billing connector to execute; "ok <instance>" as each instance completes; and "all-done"
// once every instance is completed. Every call the flows make to the Billing connector is appended to <call-log> (see
// CallLoggingConnector). The crash test SIGKILLs this process at random moments after "ready" and restarts it until "all-done".
if (args.Length != 4)
{
    Console.Error.WriteLine("usage: FlowCrashHost <operator-db> <billing-db> <flows> <call-log>");
    return 2;
}

int flows = int.Parse(args[2], CultureInfo.InvariantCulture);
var output = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
var gate = new Lock();
void Say(string line)
{
    lock (gate)
    {
        output.WriteLine(line);
    }
}

FlowDefinition invoicing = FlowDefinition.Create("invoicing")
    .Initial("new")
    .State("new", s => s.Always()
        .Step("customer", BillingConnector.CustomerUpsertCapability, c => new JsonObject { ["customerId"] = c.Input.GetProperty("customer").GetString(), ["name"] = "Student " + c.InstanceId })
        .Step("invoice", BillingConnector.InvoiceCreateCapability, c => new JsonObject { ["customerId"] = c.Input.GetProperty("customer").GetString(), ["currency"] = "EUR", ["amount"] = c.Input.GetProperty("amount").GetDecimal() })
        .TransitionTo("invoiced"))
    .State("invoiced", s => s.Always()
        .Step("payment", BillingConnector.PaymentRecordCapability, c => new JsonObject
        {
            ["invoiceNumber"] = c.StepOutput("invoice").GetProperty("invoiceNumber").GetString(),
            ["currency"] = "EUR",
            ["amount"] = c.StepOutput("invoice").GetProperty("amount").GetDecimal(),
        })
        .TransitionTo("paid"))
    .Terminal("paid")
    .Build();

var services = new ServiceCollection();
services.AddOperatorOs(o =>
    {
        foreach (RiskTier tier in Enum.GetValues<RiskTier>())
        {
            o.TierDefaults[tier] = PolicyVerdict.Execute;
        }
    })
    .UseSqlite(args[0])
    .AddBillingConnector(o => o.DatabasePath = args[1])
    .AddFlow(invoicing)
    .ConfigureFlows(o => o.StepRetryDelay = TimeSpan.FromMilliseconds(200));

// The flows reach the Billing connector registered above only through the call log.
ServiceDescriptor billing = services.Last(d => d.ServiceType == typeof(Connector));
services.Remove(billing);
services.AddSingleton<Connector>(sp => new CallLoggingConnector((Connector)billing.ImplementationFactory!(sp), args[3], () => Say("working")));

await using ServiceProvider provider = services.BuildServiceProvider();
IFlowRuntime runtime = provider.GetRequiredService<IFlowRuntime>();
Say("ready");

// As a host does: the flow recovery service resumes every unfinished instance in the background.
foreach (IHostedService service in provider.GetServices<IHostedService>())
{
    await service.StartAsync(CancellationToken.None);
}

await Parallel.ForEachAsync(Enumerable.Range(0, flows), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
{
    string id = $"f{i}";
    FlowInstance instance;
    try
    {
        using JsonDocument input = JsonDocument.Parse($$"""{"customer":"c{{i}}","amount":{{10 + i}}}""");
        instance = await runtime.StartAsync("invoicing", id, input.RootElement, cancellationToken: ct);
    }
    catch (FlowInstanceExistsException)
    {
        // Started by an earlier run: the recovery service resumes it if it is unfinished. Loading it here would only make every
        // restart slower as the completed instances pile up.
        return;
    }

    if (instance.IsCompleted)
    {
        Say($"ok {id}");
    }
});

// Instances waiting for a transient-failure retry finish on their own; wait for every one.
for (int attempt = 0; attempt < 600; attempt++)
{
    IReadOnlyList<FlowInstance> all = await runtime.ListAsync(new FlowQuery { FlowName = "invoicing", IncludeCompleted = true });
    if (all.Count == flows && all.All(f => f.IsCompleted))
    {
        Say("all-done");
        return 0;
    }

    foreach (FlowInstance failed in all.Where(f => f.Status == FlowStatus.Failed))
    {
        Console.Error.WriteLine($"failed {failed.Id}: {failed.Error}");
        return 1;
    }

    await Task.Delay(100);
}

Console.Error.WriteLine("timed out waiting for the flows to complete");
return 1;
