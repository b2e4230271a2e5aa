using System.CommandLine;

namespace OperatorOs.Shell;

/// <summary><c>opos intents deferred|resolve</c>: the intents the host could not handle (offline, failing models, a spent budget) and that wait for the operator.</summary>
/// <remarks>Through the kernel's <see cref="IDeferredIntents"/>. The host never runs a deferred intent again by itself: the operator does the work, or submits the intent anew, and resolves it.</remarks>
internal static class IntentsCommands
{
    public static Command Create()
    {
        var intents = new Command("intents", "Show the intents waiting for the operator, and take one off the queue once handled.");
        intents.Add(Deferred());
        intents.Add(Resolve());
        return intents;
    }

    private static Command Resolve()
    {
        var id = new Argument<string>("ID") { Description = "The intent id." };
        var note = new Option<string?>("--note") { Description = "What was done, kept with the resolution.", HelpName = "TEXT" };
        var by = new Option<string?>("--by")
        {
            Description = $"Who handled it (default: the {GlobalOptions.OperatorVariable} environment variable, else the user name).",
            HelpName = "NAME",
        };
        var command = new Command("resolve", "Take a deferred intent off the queue once you have handled it; its deferral stays in memory's history.") { id, note, by };
        return command.WithDatabase(async (context, session) =>
        {
            string intentId = context.Get(id)!;
            DeferredIntent? resolved = await session.DeferredIntents.ResolveAsync(intentId, context.Operator(by), context.Get(note), context.CancellationToken).ConfigureAwait(false);
            if (resolved is null)
            {
                await context.Error.WriteLineAsync($"opos: intent '{intentId}' does not wait for the operator (never deferred, or already resolved).").ConfigureAwait(false);
                return ExitCodes.NotFound;
            }

            await context.Out.WriteLineAsync($"Resolved {intentId} ({resolved.Intent.Name}, deferred by {resolved.Agent} at {Display.Time(resolved.DeferredAt)}).").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
    }

    private static Command Deferred()
    {
        var command = new Command("deferred", "List the deferred intents, oldest first: the intent, the agent it was routed to, why it waits and since when.");
        return command.WithDatabase(async (context, session) =>
        {
            IReadOnlyList<DeferredIntent> deferred = await session.DeferredIntents.ListAsync(context.CancellationToken).ConfigureAwait(false);

            if (context.Json)
            {
                context.WriteJson(w =>
                {
                    w.WriteStartArray();
                    foreach (DeferredIntent item in deferred)
                    {
                        w.WriteStartObject();
                        IntentJson.WriteFields(w, item.Intent, "intentId");
                        w.WriteString("agent", item.Agent);
                        w.WriteString("reason", item.Reason);
                        w.WriteString("deferredAt", item.DeferredAt);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                });
                return ExitCodes.Ok;
            }

            if (deferred.Count == 0)
            {
                await context.Out.WriteLineAsync("No deferred intents.").ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            var table = new TextTable("INTENT", "NAME", "AGENT", "SOURCE", "DEFERRED", "REASON");
            foreach (DeferredIntent item in deferred)
            {
                table.Add(item.Intent.Id, item.Intent.Name, item.Agent, $"{item.Intent.Source} ({item.Intent.Trust})", Display.Time(item.DeferredAt), Display.Shorten(Display.OneLine(item.Reason), 80));
            }

            table.WriteTo(context.Out);
            return ExitCodes.Ok;
        });
    }
}
