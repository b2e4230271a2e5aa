using System.CommandLine;
using System.Text.Json;

namespace OperatorOs.Shell;

/// <summary><c>opos approvals list|show|approve|reject|edit</c>: the approval queue of the host's database.</summary>
/// <remarks>
/// Decisions go through the kernel's <see cref="IApprovalDecider"/>, by the same rules as a host's approval queue. This process
/// has no connectors, so it records the decision and a host's approval dispatcher executes the action, exactly once.
/// </remarks>
internal static class ApprovalsCommands
{
    private static readonly string[] StatusNames = ["pending", "approved", "rejected", "expired", "all"];

    public static Command Create()
    {
        var approvals = new Command("approvals", "List, inspect and decide the actions waiting for the operator.");
        approvals.Add(List());
        approvals.Add(Show());
        approvals.Add(Approve());
        approvals.Add(Reject());
        approvals.Add(Edit());
        return approvals;
    }

    private static Command List()
    {
        var status = new Option<string>("--status")
        {
            Description = "Which requests: pending (default), approved, rejected, expired or all.",
            DefaultValueFactory = _ => "pending",
        };
        status.AcceptOnlyFromAmong(StatusNames);

        var command = new Command("list", "List approval requests, oldest first.") { status };
        return command.WithDatabase(async (context, session) =>
        {
            DateTimeOffset now = context.Clock.GetUtcNow();
            string wanted = context.Get(status)!;
            IReadOnlyList<ApprovalRequest> requests = await ListAsync(session.Approvals, wanted, now, context.CancellationToken).ConfigureAwait(false);

            if (context.Json)
            {
                context.WriteJson(w =>
                {
                    w.WriteStartArray();
                    foreach (ApprovalRequest request in requests)
                    {
                        ApprovalView.Write(w, request, now);
                    }

                    w.WriteEndArray();
                });
                return ExitCodes.Ok;
            }

            if (requests.Count == 0)
            {
                await context.Out.WriteLineAsync($"No {(wanted == "all" ? string.Empty : wanted + " ")}approval requests.").ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            var table = new TextTable("ID", "STATUS", "CAPABILITY", "PROPOSER", "CREATED", "RULE", "DETAIL");
            foreach (ApprovalRequest r in requests)
            {
                ApprovalStatus current = ApprovalView.StatusAt(r, now);
                string? detail = current switch
                {
                    ApprovalStatus.Pending => r.ExpiresAt is { } expires ? "expires " + Display.Time(expires) : "never expires",
                    ApprovalStatus.Approved => ApprovalView.Execution(r) + (r.CorrectedArguments is null ? string.Empty : " (corrected)"),
                    ApprovalStatus.Rejected => r.DecisionReason,
                    _ => r.Status == ApprovalStatus.Pending ? "expired " + Display.Time(r.ExpiresAt) : r.DecisionReason,
                };
                table.Add(r.Id, ApprovalView.Name(current), r.Proposal.Capability, $"{r.Proposal.Proposer} ({r.Proposal.ProposerKind})", Display.Time(r.CreatedAt), r.Decision.RuleId, Display.Shorten(detail ?? "-", 60));
            }

            table.WriteTo(context.Out);
            return ExitCodes.Ok;
        });
    }

    private static Command Show()
    {
        var id = new Argument<string>("ID") { Description = "The approval id (apr_...)." };
        var command = new Command("show", "Show one request: proposal, arguments, rationale, confidence, taint, the policy rules that fired, expiry and outcome.") { id };
        return command.WithDatabase(async (context, session) =>
        {
            string approvalId = context.Get(id)!;
            ApprovalRequest request = await session.Approvals.GetAsync(approvalId, context.CancellationToken).ConfigureAwait(false)
                ?? throw new ApprovalNotFoundException(approvalId);
            ApprovalFacts facts = await ApprovalFacts.ReadAsync(session.Journal, request, context.CancellationToken).ConfigureAwait(false);
            DateTimeOffset now = context.Clock.GetUtcNow();

            if (context.Json)
            {
                context.WriteJson(w => ApprovalView.Write(w, request, now, facts));
            }
            else
            {
                WriteDetails(context.Out, request, facts, now);
            }

            return ExitCodes.Ok;
        });
    }

    private static Command Approve()
    {
        var id = new Argument<string>("ID") { Description = "The approval id." };
        var by = ByOption();
        var command = new Command("approve", "Approve a request as proposed; a host executes it, exactly once.") { id, by };
        return command.WithHandler(context => DecideAsync(context, session =>
            session.Decider.ApproveAsync(context.Get(id)!, context.Operator(by), correctedArguments: null, context.CancellationToken)));
    }

    private static Command Reject()
    {
        var id = new Argument<string>("ID") { Description = "The approval id." };
        var reason = new Option<string>("--reason") { Description = "Why; kept with the decision and taught to the trust ladder.", Required = true };
        var by = ByOption();
        var command = new Command("reject", "Reject a request; its action is never executed.") { id, reason, by };
        return command.WithHandler(context => DecideAsync(context, session =>
            session.Decider.RejectAsync(context.Get(id)!, context.Operator(by), context.Get(reason)!, context.CancellationToken)));
    }

    private static Command Edit()
    {
        var id = new Argument<string>("ID") { Description = "The approval id." };
        var args = new Option<string?>("--args") { Description = "The corrected arguments: a JSON object, or @FILE to read one.", HelpName = "JSON" };
        var set = new Option<string[]>("--set")
        {
            Description = "Change one top-level argument: key=value, where value is JSON (40, true, \"text\") or plain text. Repeatable.",
            HelpName = "KEY=VALUE",
            AllowMultipleArgumentsPerToken = false,
        };
        var by = ByOption();
        var command = new Command("edit", "Correct a request's arguments, then approve it: the correction is kept as a fact for learning.") { id, args, set, by };
        return command.WithHandler(async context =>
        {
            string approvalId = context.Get(id)!;
            string? json = context.Get(args);
            string[] changes = context.Get(set) ?? [];
            if (json is null && changes.Length == 0)
            {
                throw new OposException(ExitCodes.Usage, "edit needs --args JSON or at least one --set key=value.");
            }

            return await DecideAsync(context, async session =>
            {
                ApprovalRequest current = await session.Approvals.GetAsync(approvalId, context.CancellationToken).ConfigureAwait(false)
                    ?? throw new ApprovalNotFoundException(approvalId);
                JsonElement corrected = ArgumentEdits.Apply(json is null ? current.EffectiveProposal.Arguments : ArgumentEdits.Parse(json), changes);
                return await session.Decider.ApproveAsync(approvalId, context.Operator(by), corrected, context.CancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
        });
    }

    private static Task<int> DecideAsync(CommandContext context, Func<OposSession, Task<ApprovalRequest>> decide) =>
        CommandActions.UsingDatabaseAsync(context, async session =>
        {
            ApprovalRequest decided = await decide(session).ConfigureAwait(false);
            if (context.Json)
            {
                context.WriteJson(w => ApprovalView.Write(w, decided, context.Clock.GetUtcNow()));
                return ExitCodes.Ok;
            }

            string message = decided.Status switch
            {
                ApprovalStatus.Approved when decided.Outcome is not null => $"Approved {decided.Id}; its action was already executed: {decided.Outcome.Summary}",
                ApprovalStatus.Approved when decided.CorrectedArguments is not null => $"Approved {decided.Id} with corrected arguments {Display.Json(decided.CorrectedArguments.Value, 120)}; a running host executes it within its dispatch interval, or at its next start.",
                ApprovalStatus.Approved => $"Approved {decided.Id}; a running host executes it within its dispatch interval, or at its next start.",
                _ => $"Rejected {decided.Id}: {decided.DecisionReason}",
            };
            await context.Out.WriteLineAsync(message).ConfigureAwait(false);
            return ExitCodes.Ok;
        });

    private static Option<string?> ByOption() => new("--by")
    {
        Description = $"Who decides (default: the {GlobalOptions.OperatorVariable} environment variable, else the user name).",
        HelpName = "NAME",
    };

    private static async Task<IReadOnlyList<ApprovalRequest>> ListAsync(ApprovalStore store, string wanted, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var found = new List<ApprovalRequest>();
        foreach (ApprovalStatus stored in wanted switch
        {
            "pending" => [ApprovalStatus.Pending],
            "approved" => [ApprovalStatus.Approved],
            "rejected" => [ApprovalStatus.Rejected],
            "expired" => [ApprovalStatus.Pending, ApprovalStatus.Expired],
            _ => Enum.GetValues<ApprovalStatus>(),
        })
        {
            found.AddRange(await store.ListAsync(stored, cancellationToken).ConfigureAwait(false));
        }

        // A pending request past its expiry is shown as expired, without writing: reading never takes a write lock.
        return found
            .Where(r => wanted == "all" || ApprovalView.Name(ApprovalView.StatusAt(r, now)) == wanted)
            .OrderBy(r => r.CreatedAt)
            .ThenBy(r => r.Id, StringComparer.Ordinal)
            .ToList();
    }

    private static void WriteDetails(TextWriter output, ApprovalRequest r, ApprovalFacts facts, DateTimeOffset now)
    {
        ActionProposal p = r.Proposal;
        var fields = new TextTable("FIELD", "VALUE");
        fields.Add("Approval", r.Id);
        fields.Add("Status", ApprovalView.Name(ApprovalView.StatusAt(r, now)) + (ApprovalView.Execution(r) is { } execution ? $" ({execution})" : string.Empty));
        fields.Add("Created", Display.Time(r.CreatedAt));
        fields.Add("Expires", r.ExpiresAt is null ? "never" : Display.Time(r.ExpiresAt));
        if (r.DecidedAt is not null)
        {
            fields.Add("Decided", $"{Display.Time(r.DecidedAt)} by {r.DecidedBy}" + (r.DecisionReason is { } reason ? $": {reason}" : string.Empty));
        }

        fields.Add("Proposal", p.Id);
        fields.Add("Capability", p.Capability);
        fields.Add("Proposer", $"{p.Proposer} ({p.ProposerKind})" + (p.ModelId is { } model ? $", model {model}" : string.Empty));
        fields.Add("Rationale", p.Rationale ?? "-");
        fields.Add("Confidence", Display.Number(p.Confidence));
        fields.Add("Taint", p.Taint.ToString() + (p.Taint == TrustLevel.Untrusted ? " (arguments derived from untrusted input)" : string.Empty));
        fields.Add("Inputs", p.InputReferences.Count == 0 ? "-" : string.Join(", ", p.InputReferences));
        fields.Add("Decision", r.Decision.ToString());
        if (r.Outcome is { } outcome)
        {
            fields.Add("Outcome", $"{outcome.Summary} at {Display.Time(outcome.CompletedAt)}");
        }
        else if (facts.LastAction is { Type: JournalEventTypes.ActionFailed } failed)
        {
            fields.Add("Outcome", $"failed at {Display.Time(failed.Timestamp)}: {ApprovalFacts.Text(failed.Payload, "error")}");
        }

        fields.WriteTo(output);
        output.WriteLine();
        output.WriteLine("Arguments:");
        output.WriteLine(Display.PrettyJson(p.Arguments));
        if (r.CorrectedArguments is { } corrected)
        {
            output.WriteLine("Corrected arguments (executed instead):");
            output.WriteLine(Display.PrettyJson(corrected));
        }

        output.WriteLine();
        if (facts.Rules.Count == 0)
        {
            output.WriteLine("Policy rules: not in the journal (its payload may have been pruned).");
            return;
        }

        output.WriteLine("Policy rules that ruled (the strictest verdict wins):");
        var rules = new TextTable("RULE", "VERDICT", "REASON");
        foreach (PolicyDecision rule in facts.Rules)
        {
            rules.Add(rule.RuleId, rule.Verdict.ToString(), rule.Reason);
        }

        rules.WriteTo(output);
    }
}
