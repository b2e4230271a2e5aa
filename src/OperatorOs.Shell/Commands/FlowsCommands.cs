using System.CommandLine;

namespace OperatorOs.Shell;

/// <summary><c>opos flows list|show|resume</c>: the host's durable flow instances, read from their journal streams.</summary>
/// <remarks>
/// This process has neither the host's flow definitions nor its connectors: it reads instances through the kernel's
/// <see cref="FlowStorage"/> (each the fold of its stream <c>flow/{id}</c>), and <c>resume</c> records a request that the host's
/// flow recovery service carries out at its next poll or start, on exactly one host.
/// </remarks>
internal static class FlowsCommands
{
    public static Command Create()
    {
        var flows = new Command("flows", "List and inspect durable flow instances, and ask the host to resume one.");
        flows.Add(List());
        flows.Add(Show());
        flows.Add(Resume());
        return flows;
    }

    private static Command List()
    {
        var flow = new Option<string?>("--flow") { Description = "Only instances of this flow.", HelpName = "NAME" };
        var status = new Option<string?>("--status") { Description = "Only instances with this status: active, running, awaiting-approval, completed or failed." };
        status.AcceptOnlyFromAmong(FlowView.StatusNames);
        var all = new Option<bool>("--all") { Description = "Include completed instances (by default only unfinished ones are listed)." };

        var command = new Command("list", "List flow instances, newest first: unfinished ones unless --all or --status completed.") { flow, status, all };
        return command.WithDatabase(async (context, session) =>
        {
            var query = new FlowQuery
            {
                FlowName = context.Get(flow),
                Status = context.Get(status) is { } name ? FlowView.Parse(name) : null,
                IncludeCompleted = context.Get(all),
            };
            IReadOnlyList<FlowInstance> instances = await session.Flows.ListAsync(query, context.CancellationToken).ConfigureAwait(false);

            if (context.Json)
            {
                context.WriteJson(w =>
                {
                    w.WriteStartArray();
                    foreach (FlowInstance instance in instances)
                    {
                        w.WriteStartObject();
                        FlowView.Write(w, instance);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                });
                return ExitCodes.Ok;
            }

            if (instances.Count == 0)
            {
                await context.Out.WriteLineAsync(query.IncludeCompleted || query.Status is not null ? "No flow instances match." : "No unfinished flow instances.").ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            var table = new TextTable("ID", "FLOW", "STATE", "STATUS", "KEY", "UPDATED", "WAITING FOR", "ERROR");
            foreach (FlowInstance i in instances)
            {
                table.Add(i.Id, $"{i.FlowName}@{i.FlowVersion}", i.State, FlowView.Name(i.Status), i.CorrelationKey, Display.Time(i.UpdatedAt), FlowView.Waiting(i), i.Error is null ? null : Display.Shorten(i.Error, 60));
            }

            table.WriteTo(context.Out);
            return ExitCodes.Ok;
        });
    }

    private static Command Show()
    {
        var id = new Argument<string>("ID") { Description = "The flow instance id." };
        var command = new Command("show", "Show one instance: state, status, what it waits for, its data, the last resume request and its event history.") { id };
        return command.WithDatabase(async (context, session) =>
        {
            string instanceId = context.Get(id)!;
            FlowInstance instance = await session.Flows.GetAsync(instanceId, context.CancellationToken).ConfigureAwait(false)
                ?? throw FlowInstanceNotFoundException.ForId(instanceId);
            FlowResumeRequest? request = await session.Flows.GetResumeRequestAsync(instanceId, context.CancellationToken).ConfigureAwait(false);
            // One line per record: since schema 2 an event may hold several (a checkpoint), written together between two effects.
            var records = new List<FlowRecord>();
            await foreach (JournalEvent e in session.Journal.ReadStreamAsync(FlowEventTypes.StreamOf(instanceId), context.CancellationToken).ConfigureAwait(false))
            {
                records.AddRange(FlowRecord.Read(e));
            }

            if (context.Json)
            {
                context.WriteJson(w =>
                {
                    w.WriteStartObject();
                    FlowView.Write(w, instance);
                    w.WritePropertyName("data");
                    instance.Data.WriteTo(w);
                    FlowView.WriteRequest(w, "resumeRequest", request);
                    w.WriteStartArray("events");
                    foreach (FlowRecord r in records)
                    {
                        w.WriteStartObject();
                        w.WriteNumber("sequence", r.Event.Sequence);
                        w.WriteString("timestamp", r.Event.Timestamp);
                        w.WriteString("type", r.Type);
                        w.WriteString("summary", FlowView.Summary(r));
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                });
                return ExitCodes.Ok;
            }

            var fields = new TextTable("FIELD", "VALUE");
            fields.Add("Instance", instance.Id);
            fields.Add("Flow", $"{instance.FlowName} version {instance.FlowVersion}");
            fields.Add("State", instance.State);
            fields.Add("Status", FlowView.Name(instance.Status));
            fields.Add("Correlation key", instance.CorrelationKey);
            fields.Add("Transitions", Display.Number(instance.Transitions));
            fields.Add("Started", Display.Time(instance.StartedAt));
            fields.Add("Updated", Display.Time(instance.UpdatedAt));
            fields.Add("Waiting for", FlowView.Waiting(instance));
            fields.Add("Next timer", Display.Time(instance.NextTimerAt));
            fields.Add("Error", instance.Error);
            fields.Add("Resume request", request is null ? null : FlowView.Describe(request));
            fields.WriteTo(context.Out);

            await context.Out.WriteLineAsync().ConfigureAwait(false);
            await context.Out.WriteLineAsync("Data:").ConfigureAwait(false);
            await context.Out.WriteLineAsync(Display.PrettyJson(instance.Data)).ConfigureAwait(false);
            await context.Out.WriteLineAsync().ConfigureAwait(false);
            await context.Out.WriteLineAsync($"History ({FlowEventTypes.StreamOf(instanceId)}):").ConfigureAwait(false);
            var history = new TextTable("SEQ", "TIME", "TYPE", "SUMMARY");
            foreach (FlowRecord r in records)
            {
                history.Add("#" + Display.Number(r.Event.Sequence), Display.Time(r.Event.Timestamp), r.Type, FlowView.Summary(r));
            }

            history.WriteTo(context.Out);
            return ExitCodes.Ok;
        });
    }

    private static Command Resume()
    {
        var id = new Argument<string>("ID") { Description = "The flow instance id." };
        var by = new Option<string?>("--by")
        {
            Description = $"Who asks (default: the {GlobalOptions.OperatorVariable} environment variable, else the user name).",
            HelpName = "NAME",
        };
        var command = new Command("resume", "Ask the host to resume an instance: retry its failed step with the same operation token, finish an interrupted transition, apply a decided approval, fire due timers.") { id, by };
        return command.WithDatabase(async (context, session) =>
        {
            string instanceId = context.Get(id)!;
            FlowResumeRequest request = await session.Flows.RequestResumeAsync(instanceId, context.Operator(by), context.CancellationToken).ConfigureAwait(false);
            FlowInstance? instance = await session.Flows.GetAsync(instanceId, context.CancellationToken).ConfigureAwait(false);

            if (context.Json)
            {
                context.WriteJson(w =>
                {
                    w.WriteStartObject();
                    FlowView.WriteRequest(w, "resumeRequest", request);
                    w.WritePropertyName("instance");
                    if (instance is null)
                    {
                        w.WriteNullValue();
                    }
                    else
                    {
                        w.WriteStartObject();
                        FlowView.Write(w, instance);
                        w.WriteEndObject();
                    }

                    w.WriteEndObject();
                });
                return ExitCodes.Ok;
            }

            string where = instance is null ? "its start was interrupted" : $"{FlowView.Name(instance.Status)} in {instance.State}" + (instance.Error is { } error ? $": {Display.Shorten(error, 80)}" : string.Empty);
            await context.Out.WriteLineAsync(
                $"Resume of {instanceId} ({where}) requested by {request.RequestedBy} at {Display.Time(request.RequestedAt)}; the running host resumes it at its next poll (every 30 s by default), or at its next start. 'opos flows show {instanceId}' shows the outcome.").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
    }
}
