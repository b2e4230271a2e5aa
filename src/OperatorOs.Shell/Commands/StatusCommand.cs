using System.CommandLine;

namespace OperatorOs.Shell;

/// <summary><c>opos status</c>: the database at a glance.</summary>
internal static class StatusCommand
{
    /// <summary>How many of the newest links the quick chain check verifies; <c>audit verify</c> checks them all.</summary>
    public const int QuickChainLinks = 256;

    public static Command Create()
    {
        var command = new Command("status", $"Show the database: path, schema version, journal length and head, a quick chain check (last {QuickChainLinks} links), the operator mode (online, offline, degraded), approvals, deferred intents, memory records by kind.");
        return command.WithDatabase(async (context, session) =>
        {
            CancellationToken cancellationToken = context.CancellationToken;
            DateTimeOffset now = context.Clock.GetUtcNow();

            JournalEvent? head = await JournalReading.HeadAsync(session.Journal, cancellationToken).ConfigureAwait(false);
            JournalVerification chain = head is null
                ? JournalVerification.Intact(0)
                : await JournalReading.VerifyTailAsync(session.Journal, head.Sequence, QuickChainLinks, cancellationToken).ConfigureAwait(false);

            IReadOnlyList<ApprovalRequest> pendingStored = await session.Approvals.ListAsync(ApprovalStatus.Pending, cancellationToken).ConfigureAwait(false);
            int pending = pendingStored.Count(r => ApprovalView.StatusAt(r, now) == ApprovalStatus.Pending);
            int awaiting = (await session.Approvals.ListAsync(ApprovalStatus.Approved, cancellationToken).ConfigureAwait(false)).Count(r => r.Outcome is null);

            OperatorModeReading mode = await OperatorModeReading.ReadAsync(session.Journal, cancellationToken).ConfigureAwait(false);
            int deferred = (await session.DeferredIntents.ListAsync(cancellationToken).ConfigureAwait(false)).Count;

            var kinds = new List<(MemoryKind Kind, int Current, int Versions)>();
            foreach (MemoryKind kind in Enum.GetValues<MemoryKind>())
            {
                int current = (await session.Memory.QueryAsync(new MemoryQuery { Kind = kind }, cancellationToken).ConfigureAwait(false)).Count;
                int versions = (await session.Memory.QueryAsync(new MemoryQuery { Kind = kind, IncludeSuperseded = true }, cancellationToken).ConfigureAwait(false)).Count;
                kinds.Add((kind, current, versions));
            }

            if (context.Json)
            {
                context.WriteJson(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("database", session.Database.Path);
                    w.WriteNumber("schemaVersion", session.Database.SchemaVersion);
                    w.WriteStartObject("journal");
                    w.WriteNumber("length", head?.Sequence ?? 0);
                    if (head is null)
                    {
                        w.WriteNull("head");
                    }
                    else
                    {
                        w.WriteStartObject("head");
                        w.WriteNumber("sequence", head.Sequence);
                        w.WriteString("hash", head.Hash);
                        w.WriteString("timestamp", head.Timestamp);
                        w.WriteString("type", head.Type);
                        w.WriteEndObject();
                    }

                    w.WriteStartObject("chain");
                    w.WriteBoolean("intact", chain.IsIntact);
                    w.WriteNumber("linksChecked", chain.EventsVerified);
                    if (chain.FirstBrokenSequence is { } broken)
                    {
                        w.WriteNumber("firstBrokenSequence", broken);
                    }

                    w.WriteString("problem", chain.Problem);
                    w.WriteEndObject();
                    w.WriteEndObject();
                    w.WriteStartObject("operator");
                    w.WriteString("mode", mode.Mode);
                    w.WriteString("reason", mode.Reason);
                    if (mode.Since is { } since)
                    {
                        w.WriteString("since", since);
                    }
                    else
                    {
                        w.WriteNull("since");
                    }

                    if (mode.Sequence is { } sequence)
                    {
                        w.WriteNumber("sequence", sequence);
                    }
                    else
                    {
                        w.WriteNull("sequence");
                    }

                    w.WriteEndObject();
                    w.WriteStartObject("approvals");
                    w.WriteNumber("pending", pending);
                    w.WriteNumber("awaitingExecution", awaiting);
                    w.WriteEndObject();
                    w.WriteNumber("deferredIntents", deferred);
                    w.WriteStartObject("memory");
                    foreach ((MemoryKind kind, int current, int versions) in kinds)
                    {
                        w.WriteStartObject(kind.ToString());
                        w.WriteNumber("current", current);
                        w.WriteNumber("versions", versions);
                        w.WriteEndObject();
                    }

                    w.WriteEndObject();
                    w.WriteEndObject();
                });
                return ExitCodeOf(chain);
            }

            var table = new TextTable("ITEM", "VALUE");
            table.Add("Database", session.Database.Path);
            table.Add("Schema version", Display.Number(session.Database.SchemaVersion));
            table.Add("Journal length", Display.Plural(head?.Sequence ?? 0, "event"));
            table.Add("Journal head", head is null ? "(empty)" : $"#{head.Sequence} {head.Type} at {Display.Time(head.Timestamp)}, hash {head.Hash[..Math.Min(16, head.Hash.Length)]}…");
            table.Add("Chain (quick)", chain.IsIntact
                ? $"intact over the last {Display.Plural(chain.EventsVerified, "link")} ('opos audit verify' checks all)"
                : $"BROKEN at sequence {chain.FirstBrokenSequence}: {chain.Problem}");
            table.Add("Operator mode", ModeLine(mode));
            table.Add("Pending approvals", Display.Number(pending));
            table.Add("Approved, awaiting execution", Display.Number(awaiting));
            table.Add("Deferred intents", deferred == 0 ? "0" : $"{Display.Plural(deferred, "intent")} waiting for the operator ('opos intents deferred' lists them)");
            foreach ((MemoryKind kind, int current, int versions) in kinds)
            {
                table.Add($"Memory: {kind}", $"{current} current, {versions} versions");
            }

            table.WriteTo(context.Out);
            return ExitCodeOf(chain);
        });
    }

    private static string ModeLine(OperatorModeReading mode) => mode.Since is { } since
        ? $"{mode.Mode} since {Display.Time(since)}{(mode.Reason is { } reason ? ": " + Display.OneLine(reason) : string.Empty)}"
        : $"{mode.Mode} (the journal records no offline or degraded spell)";

    // A broken chain is worth a non-zero exit even here, so a status check in a script notices tampering.
    private static int ExitCodeOf(JournalVerification chain) => chain.IsIntact ? ExitCodes.Ok : ExitCodes.ChainBroken;
}
