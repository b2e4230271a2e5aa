using System.CommandLine;

namespace OperatorOs.Shell;

/// <summary><c>opos audit tail|verify</c>: the journal, the append-only and hash-chained record of everything the kernel did.</summary>
internal static class AuditCommands
{
    public static Command Create()
    {
        var audit = new Command("audit", "Read and verify the journal.");
        audit.Add(Tail());
        audit.Add(Verify());
        return audit;
    }

    private static Command Tail()
    {
        var count = new Option<int>("-n", "--lines") { Description = "How many of the newest events to show.", DefaultValueFactory = _ => 20 };
        var stream = new Option<string?>("--stream") { Description = "Only events of this stream, for example correlation/<id>.", HelpName = "STREAM" };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new events (also those a running host appends) until Ctrl+C." };
        var command = new Command("tail", "Show the newest journal events, oldest of them first; with --json an array, with --follow JSON lines.") { count, stream, follow };
        return command.WithHandler(async context =>
        {
            int n = context.Get(count);
            if (n < 0)
            {
                throw new OposException(ExitCodes.Usage, $"-n must not be negative, was {n}.");
            }

            string? only = context.Get(stream);
            bool following = context.Get(follow);
            return await CommandActions.UsingDatabaseAsync(context, session => TailAsync(context, session.Journal, only, n, following)).ConfigureAwait(false);
        });
    }

    private static async Task<int> TailAsync(CommandContext context, Journal journal, string? only, int n, bool following)
    {
        List<JournalEvent> newest = await NewestAsync(journal, only, n, context.CancellationToken).ConfigureAwait(false);
        if (!following)
        {
            if (context.Json)
            {
                context.WriteJson(w =>
                {
                    w.WriteStartArray();
                    foreach (JournalEvent e in newest)
                    {
                        JournalView.Write(w, e);
                    }

                    w.WriteEndArray();
                });
            }
            else if (newest.Count == 0)
            {
                await context.Out.WriteLineAsync(only is null ? "The journal is empty." : $"No events in stream '{only}'.").ConfigureAwait(false);
            }
            else
            {
                foreach (JournalEvent e in newest)
                {
                    await context.Out.WriteLineAsync(JournalView.Line(e)).ConfigureAwait(false);
                }
            }

            return ExitCodes.Ok;
        }

        foreach (JournalEvent e in newest)
        {
            Print(context, e);
        }

        long from = newest.Count > 0
            ? newest[^1].Sequence + 1
            : (await JournalReading.HeadAsync(journal, context.CancellationToken).ConfigureAwait(false))?.Sequence + 1 ?? 1;
        try
        {
            await foreach (JournalEvent e in journal.TailAsync(from, context.CancellationToken).ConfigureAwait(false))
            {
                if (only is null || e.Stream == only)
                {
                    Print(context, e);
                }
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // Ctrl+C is how a follow ends.
        }

        return ExitCodes.Ok;
    }

    private static Command Verify()
    {
        var command = new Command("verify", "Verify the whole hash chain; exit code 5 names the first broken link.");
        return command.WithDatabase(async (context, session) =>
        {
            JournalVerification result = await session.Journal.VerifyAsync(context.CancellationToken).ConfigureAwait(false);
            if (context.Json)
            {
                context.WriteJson(w =>
                {
                    w.WriteStartObject();
                    w.WriteBoolean("intact", result.IsIntact);
                    w.WriteNumber("eventsVerified", result.EventsVerified);
                    if (result.FirstBrokenSequence is { } broken)
                    {
                        w.WriteNumber("firstBrokenSequence", broken);
                    }
                    else
                    {
                        w.WriteNull("firstBrokenSequence");
                    }

                    w.WriteString("problem", result.Problem);
                    w.WriteEndObject();
                });
            }
            else
            {
                await context.Out.WriteLineAsync(result.IsIntact
                    ? $"Journal intact: {Display.Plural(result.EventsVerified, "event")} verified."
                    : $"Journal chain broken at sequence {result.FirstBrokenSequence}: {result.Problem} ({Display.Plural(result.EventsVerified, "event")} verified before it).").ConfigureAwait(false);
            }

            return result.IsIntact ? ExitCodes.Ok : ExitCodes.ChainBroken;
        });
    }

    private static async Task<List<JournalEvent>> NewestAsync(Journal journal, string? stream, int count, CancellationToken cancellationToken)
    {
        var newest = new Queue<JournalEvent>(count + 1);
        if (count == 0)
        {
            return [];
        }

        IAsyncEnumerable<JournalEvent> events;
        if (stream is not null)
        {
            events = journal.ReadStreamAsync(stream, cancellationToken);
        }
        else
        {
            JournalEvent? head = await JournalReading.HeadAsync(journal, cancellationToken).ConfigureAwait(false);
            events = journal.ReadAsync(Math.Max(1, (head?.Sequence ?? 0) - count + 1), cancellationToken);
        }

        await foreach (JournalEvent e in events.ConfigureAwait(false))
        {
            newest.Enqueue(e);
            if (newest.Count > count)
            {
                _ = newest.Dequeue();
            }
        }

        return [.. newest];
    }

    private static void Print(CommandContext context, JournalEvent e)
    {
        if (context.Json)
        {
            context.WriteJsonLine(w => JournalView.Write(w, e));
        }
        else
        {
            context.Out.WriteLine(JournalView.Line(e));
            context.Out.Flush();
        }
    }
}
