using System.CommandLine;
using System.Text.Json;

namespace OperatorOs.Shell;

/// <summary><c>opos metrics</c>: proposals by decision, executions, approvals and costs, in total and per capability.</summary>
internal static class MetricsCommand
{
    public static Command Create()
    {
        var command = new Command("metrics", "Figures from the journal, the approvals and memory: proposals by decision, executions, approvals, per capability; cost records if any.");
        return command.WithDatabase(async (context, session) =>
        {
            OperatorFigures figures = await OperatorFigures.ComputeAsync(session, context.Clock.GetUtcNow(), context.CancellationToken).ConfigureAwait(false);
            if (context.Json)
            {
                context.WriteJson(w => WriteJson(w, figures));
            }
            else
            {
                WriteText(context.Out, figures);
            }

            return ExitCodes.Ok;
        });
    }

    private static void WriteText(TextWriter output, OperatorFigures figures)
    {
        output.WriteLine($"From {Display.Plural(figures.JournalEvents, "journal event")}.");
        output.WriteLine();
        output.WriteLine("Proposals and executions:");
        var table = new TextTable("CAPABILITY", "PROPOSED", "EXECUTE", "APPROVAL", "DENY", "SHADOW", "INVALID", "SUCCEEDED", "FAILED");
        foreach (CapabilityFigures c in figures.Capabilities.Append(figures.Total))
        {
            table.Add(
                c.Capability,
                Display.Number(c.Proposed),
                Display.Number(c.Decisions[PolicyVerdict.Execute]),
                Display.Number(c.Decisions[PolicyVerdict.NeedsApproval]),
                Display.Number(c.Decisions[PolicyVerdict.Deny]),
                Display.Number(c.Decisions[PolicyVerdict.ShadowOnly]),
                Display.Number(c.Invalid),
                Display.Number(c.Succeeded),
                Display.Number(c.Failed));
        }

        table.WriteTo(output);
        output.WriteLine();
        output.WriteLine("Approvals:");
        var approvals = new TextTable("CAPABILITY", "PENDING", "APPROVED", "REJECTED", "EXPIRED", "AWAITING EXECUTION");
        foreach (CapabilityFigures c in figures.Capabilities.Append(figures.Total))
        {
            approvals.Add(
                c.Capability,
                Display.Number(c.Approvals[ApprovalStatus.Pending]),
                Display.Number(c.Approvals[ApprovalStatus.Approved]),
                Display.Number(c.Approvals[ApprovalStatus.Rejected]),
                Display.Number(c.Approvals[ApprovalStatus.Expired]),
                Display.Number(c.AwaitingExecution));
        }

        approvals.WriteTo(output);
        output.WriteLine();
        if (figures.Costs.Count == 0)
        {
            output.WriteLine($"Costs: no records under '{OperatorFigures.CostPrefix}...' in memory.");
            return;
        }

        output.WriteLine($"Costs (memory records under '{OperatorFigures.CostPrefix}...'):");
        var costs = new TextTable("ENTITY", "ATTRIBUTE", "VALUE", "RECORDED");
        foreach (MemoryRecord r in figures.Costs)
        {
            costs.Add(r.Entity, r.Attribute, Display.Json(r.Value, 80), Display.Time(r.RecordedAt));
        }

        costs.WriteTo(output);
        IReadOnlyList<(string Attribute, double Total, int Records)> totals = figures.CostTotals();
        if (totals.Count > 0)
        {
            output.WriteLine();
            var sums = new TextTable("ATTRIBUTE", "TOTAL", "RECORDS");
            foreach ((string attribute, double total, int records) in totals)
            {
                sums.Add(attribute, Display.Number(total), Display.Number(records));
            }

            sums.WriteTo(output);
        }
    }

    private static void WriteJson(Utf8JsonWriter w, OperatorFigures figures)
    {
        w.WriteStartObject();
        w.WriteNumber("journalEvents", figures.JournalEvents);
        w.WritePropertyName("total");
        WriteCapability(w, figures.Total);
        w.WriteStartArray("capabilities");
        foreach (CapabilityFigures c in figures.Capabilities)
        {
            WriteCapability(w, c);
        }

        w.WriteEndArray();
        w.WriteStartArray("costs");
        foreach (MemoryRecord r in figures.Costs)
        {
            MemoryView.Write(w, r);
        }

        w.WriteEndArray();
        w.WriteStartArray("costTotals");
        foreach ((string attribute, double total, int records) in figures.CostTotals())
        {
            w.WriteStartObject();
            w.WriteString("attribute", attribute);
            w.WriteNumber("total", total);
            w.WriteNumber("records", records);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteCapability(Utf8JsonWriter w, CapabilityFigures c)
    {
        w.WriteStartObject();
        w.WriteString("capability", c.Capability);
        w.WriteNumber("proposed", c.Proposed);
        w.WriteNumber("invalid", c.Invalid);
        w.WriteStartObject("decisions");
        foreach ((PolicyVerdict verdict, long count) in c.Decisions.OrderBy(p => p.Key))
        {
            w.WriteNumber(verdict.ToString(), count);
        }

        w.WriteEndObject();
        w.WriteStartObject("executions");
        w.WriteNumber("succeeded", c.Succeeded);
        w.WriteNumber("failed", c.Failed);
        w.WriteEndObject();
        w.WriteStartObject("approvals");
        foreach ((ApprovalStatus status, long count) in c.Approvals.OrderBy(p => p.Key))
        {
            w.WriteNumber(ApprovalView.Name(status), count);
        }

        w.WriteNumber("awaitingExecution", c.AwaitingExecution);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
