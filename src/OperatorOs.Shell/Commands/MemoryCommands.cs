using System.CommandLine;

namespace OperatorOs.Shell;

/// <summary><c>opos memory show|history|search</c>: the host's canonical, versioned memory.</summary>
/// <remarks>
/// Search goes through <see cref="MemoryIndex"/> (hybrid keyword and vector search), rebuilt in this process from the canonical
/// SQLite records on every run, with the offline hashing embeddings: scores are lexical, whatever model the host embeds with.
/// </remarks>
internal static class MemoryCommands
{
    private const int ValueWidth = 60;

    public static Command Create()
    {
        var memory = new Command("memory", "Read the canonical memory: current records, their history with provenance, and search.");
        memory.Add(Show());
        memory.Add(History());
        memory.Add(Search());
        return memory;
    }

    private static Command Show()
    {
        var entity = new Argument<string>("ENTITY") { Description = "The entity, for example customer/42." };
        var attribute = new Argument<string?>("ATTRIBUTE") { Description = "One attribute; all current attributes when left out.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("show", "Show an entity's current records, or one attribute's.") { entity, attribute };
        return command.WithDatabase(async (context, session) =>
        {
            string name = context.Get(entity)!;
            string? only = context.Get(attribute);
            IReadOnlyList<MemoryRecord> records = only is null
                ? await session.Memory.GetEntityAsync(name, context.CancellationToken).ConfigureAwait(false)
                : await session.Memory.GetAsync(name, only, context.CancellationToken).ConfigureAwait(false) is { } record ? [record] : [];
            if (records.Count == 0)
            {
                throw new OposException(ExitCodes.NotFound, only is null ? $"memory holds no current record for entity '{name}'." : $"memory holds no current record for '{name}' / '{only}'.");
            }

            if (context.Json)
            {
                context.WriteJson(w =>
                {
                    w.WriteStartArray();
                    foreach (MemoryRecord r in records)
                    {
                        MemoryView.Write(w, r);
                    }

                    w.WriteEndArray();
                });
                return ExitCodes.Ok;
            }

            var table = new TextTable("ATTRIBUTE", "KIND", "VERSION", "VALUE", "VALID FROM", "RECORDED", "ACTOR");
            foreach (MemoryRecord r in records)
            {
                table.Add(r.Attribute, r.Kind.ToString(), Display.Number(r.Version), Display.Json(r.Value, ValueWidth), Display.Time(r.ValidFrom), Display.Time(r.RecordedAt), MemoryView.Actor(r.Provenance));
            }

            table.WriteTo(context.Out);
            if (records.Count == 1)
            {
                await context.Out.WriteLineAsync().ConfigureAwait(false);
                await context.Out.WriteLineAsync(Display.PrettyJson(records[0].Value)).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });
    }

    private static Command History()
    {
        var entity = new Argument<string>("ENTITY") { Description = "The entity." };
        var attribute = new Argument<string>("ATTRIBUTE") { Description = "The attribute." };
        var command = new Command("history", "Show every version of an attribute, oldest first, with valid and recorded times and provenance.") { entity, attribute };
        return command.WithDatabase(async (context, session) =>
        {
            string name = context.Get(entity)!;
            string attr = context.Get(attribute)!;
            IReadOnlyList<MemoryRecord> versions = await session.Memory.GetHistoryAsync(name, attr, context.CancellationToken).ConfigureAwait(false);
            if (versions.Count == 0)
            {
                throw new OposException(ExitCodes.NotFound, $"memory holds no version of '{name}' / '{attr}'.");
            }

            if (context.Json)
            {
                context.WriteJson(w =>
                {
                    w.WriteStartArray();
                    foreach (MemoryRecord r in versions)
                    {
                        MemoryView.Write(w, r);
                    }

                    w.WriteEndArray();
                });
                return ExitCodes.Ok;
            }

            var table = new TextTable("VERSION", "VALUE", "VALID FROM", "VALID TO", "RECORDED", "ACTOR", "MODEL", "APPROVAL", "INPUTS");
            foreach (MemoryRecord r in versions)
            {
                table.Add(
                    Display.Number(r.Version),
                    Display.Json(r.Value, ValueWidth),
                    Display.Time(r.ValidFrom),
                    r.ValidTo is null ? "current" : Display.Time(r.ValidTo),
                    Display.Time(r.RecordedAt),
                    MemoryView.Actor(r.Provenance),
                    r.Provenance.ModelId,
                    r.Provenance.ApprovalId,
                    r.Provenance.InputReferences.Count == 0 ? null : string.Join(", ", r.Provenance.InputReferences));
            }

            table.WriteTo(context.Out);
            return ExitCodes.Ok;
        });
    }

    private static Command Search()
    {
        var text = new Argument<string>("TEXT") { Description = "What to look for, in words." };
        var top = new Option<int>("--top") { Description = "How many records to return.", DefaultValueFactory = _ => 10 };
        var kind = new Option<MemoryKind?>("--kind") { Description = "Only records of this kind: Fact, Context or Signal." };
        var command = new Command("search", "Search current records (hybrid keyword and vector search over the canonical records, offline embeddings).") { text, top, kind };
        return command.WithHandler(async context =>
        {
            int count = context.Get(top);
            if (count is < 1 or > 1000)
            {
                throw new OposException(ExitCodes.Usage, $"--top must be between 1 and 1000, was {count}.");
            }

            return await CommandActions.UsingDatabaseAsync(context, session => SearchAsync(context, session, context.Get(text)!, count, context.Get(kind))).ConfigureAwait(false);
        });
    }

    private static async Task<int> SearchAsync(CommandContext context, OposSession session, string text, int count, MemoryKind? kind)
    {
        IReadOnlyList<MemorySearchResult> results = await session.MemoryIndex.SearchAsync(
            text,
            new MemorySearchOptions { Top = count, Kind = kind },
            context.CancellationToken).ConfigureAwait(false);

        if (context.Json)
        {
            context.WriteJson(w =>
            {
                w.WriteStartArray();
                foreach (MemorySearchResult result in results)
                {
                    MemoryView.Write(w, result.Record, result.Score);
                }

                w.WriteEndArray();
            });
            return ExitCodes.Ok;
        }

        if (results.Count == 0)
        {
            await context.Out.WriteLineAsync("No matching memory records.").ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        var table = new TextTable("SCORE", "ENTITY", "ATTRIBUTE", "KIND", "VALUE", "RECORDED");
        foreach (MemorySearchResult result in results)
        {
            MemoryRecord r = result.Record;
            table.Add(result.Score.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture), r.Entity, r.Attribute, r.Kind.ToString(), Display.Json(r.Value, ValueWidth), Display.Time(r.RecordedAt));
        }

        table.WriteTo(context.Out);
        return ExitCodes.Ok;
    }
}
