using System.CommandLine;
using System.Text.Json;

namespace OperatorOs.Shell;

/// <summary><c>opos policy validate|explain</c>: check a policy file with the kernel's parser, and see how it judges a proposal.</summary>
internal static class PolicyCommands
{
    public static Command Create()
    {
        var policy = new Command("policy", "Validate a policy file and explain its decisions.");
        policy.Add(Validate());
        policy.Add(Explain());
        return policy;
    }

    private static Command Validate()
    {
        var file = new Argument<string>("FILE") { Description = "The JSON policy file." };
        var command = new Command("validate", "Check a policy file; every error names its JSON path, line and column (exit code 6).") { file };
        return command.WithHandler(async context =>
        {
            string path = OposSession.CheckPolicyFile(context.Get(file)!);
            byte[] bytes = await File.ReadAllBytesAsync(path, context.CancellationToken).ConfigureAwait(false);
            PolicyDocument document;
            try
            {
                document = PolicyDocument.Parse(bytes, path);
            }
            catch (PolicyFileException ex)
            {
                if (context.Json)
                {
                    context.WriteJson(w =>
                    {
                        w.WriteStartObject();
                        w.WriteString("file", path);
                        w.WriteBoolean("valid", false);
                        w.WriteStartArray("errors");
                        foreach (PolicyFileError error in ex.Errors)
                        {
                            w.WriteStartObject();
                            w.WriteString("path", error.Path);
                            w.WriteNumber("line", error.Line);
                            w.WriteNumber("column", error.Column);
                            w.WriteString("message", error.Message);
                            w.WriteEndObject();
                        }

                        w.WriteEndArray();
                        w.WriteEndObject();
                    });
                }
                else
                {
                    await context.Error.WriteLineAsync($"opos: policy file '{path}' is invalid: {Display.Plural(ex.Errors.Count, "error")}.").ConfigureAwait(false);
                    foreach (PolicyFileError error in ex.Errors)
                    {
                        await context.Error.WriteLineAsync($"{path}:{error.Line}:{error.Column}: {error.Path}: {error.Message}").ConfigureAwait(false);
                    }
                }

                return ExitCodes.PolicyInvalid;
            }

            IReadOnlyList<(string Name, int Count)> contents = Contents(document);
            if (context.Json)
            {
                context.WriteJson(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("file", path);
                    w.WriteBoolean("valid", true);
                    w.WriteStartObject("contents");
                    foreach ((string name, int count) in contents)
                    {
                        w.WriteNumber(name, count);
                    }

                    w.WriteEndObject();
                    w.WriteEndObject();
                });
            }
            else
            {
                await context.Out.WriteLineAsync($"Policy file '{path}' is valid: {string.Join(", ", contents.Select(c => $"{c.Name} {c.Count}"))}.").ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });
    }

    private static Command Explain()
    {
        var proposal = new Option<string>("--proposal") { Description = "A JSON file with the proposal: capability, arguments, proposer, proposerKind, confidence, taint, rationale, tier.", HelpName = "JSONFILE", Required = true };
        var tier = new Option<RiskTier?>("--tier") { Description = "The capability's risk tier (Read, Internal, External, Financial, Commitment), if the proposal file and policy file do not say." };
        var command = new Command("explain", "Show every policy rule's verdict on a proposal and the final decision (needs --policy FILE; --db reads agents' trust standings from a host's database).") { proposal, tier };
        return command.WithHandler(async context =>
        {
            string policyFile = context.PolicyFile ?? throw new OposException(ExitCodes.Usage, $"explain needs the policy file: --policy FILE or {GlobalOptions.PolicyVariable}.");
            ExplainedProposal explained = ExplainedProposal.Read(context.Get(proposal)!, context.Clock.GetUtcNow());
            Explanation explanation = await PolicyExplainer.ExplainAsync(policyFile, explained, context.Get(tier), context.DatabasePath, context.BusyTimeout, context.CancellationToken).ConfigureAwait(false);
            if (context.Json)
            {
                context.WriteJson(w => WriteJson(w, explanation));
            }
            else
            {
                WriteText(context.Out, explanation);
            }

            return ExitCodes.Ok;
        });
    }

    private static void WriteText(TextWriter output, Explanation explanation)
    {
        ActionProposal p = explanation.Proposal;
        output.WriteLine($"Proposal: {p.Capability} by {p.Proposer} ({p.ProposerKind}), confidence {Display.Number(p.Confidence)}, taint {p.Taint}, tier {explanation.Tier?.ToString() ?? "unknown"}.");
        output.WriteLine();
        var table = new TextTable("RULE", "VERDICT", "REASON");
        foreach (PolicyDecision verdict in explanation.Evaluation.Verdicts)
        {
            table.Add(verdict.RuleId, verdict.Verdict.ToString(), verdict.Reason);
        }

        if (table.Count == 0)
        {
            output.WriteLine("No rule ruled on this proposal.");
        }
        else
        {
            table.WriteTo(output);
        }

        output.WriteLine();
        PolicyDecision decision = explanation.Evaluation.Decision;
        output.WriteLine($"Decision: {decision.Verdict} (rule {decision.RuleId}): {decision.Reason}");
        if (explanation.Tier is null)
        {
            output.WriteLine($"Note: no risk tier is known for '{p.Capability}', so the kernel treats it as a capability no connector offers; give one with --tier, \"tier\" in the proposal file, or capabilityTiers in the policy file.");
        }

        if (p.ProposerKind == ActorKind.Agent)
        {
            output.WriteLine(explanation.TrustFromDatabase
                ? $"Note: agent '{p.Proposer}' has only the policy file's grants here; its trust standing was read from the database."
                : $"Note: agent '{p.Proposer}' has only the policy file's grants here, and its starting trust level (pass --db for its standing in a host's database).");
        }
    }

    private static void WriteJson(Utf8JsonWriter w, Explanation explanation)
    {
        ActionProposal p = explanation.Proposal;
        w.WriteStartObject();
        w.WriteStartObject("proposal");
        w.WriteString("capability", p.Capability);
        w.WriteString("proposer", p.Proposer);
        w.WriteString("proposerKind", p.ProposerKind.ToString());
        w.WriteNumber("confidence", p.Confidence);
        w.WriteString("taint", p.Taint.ToString());
        w.WriteString("tier", explanation.Tier?.ToString());
        w.WriteEndObject();
        w.WriteBoolean("trustFromDatabase", explanation.TrustFromDatabase);
        w.WriteStartArray("rules");
        foreach (PolicyDecision verdict in explanation.Evaluation.Verdicts)
        {
            WriteDecision(w, verdict);
        }

        w.WriteEndArray();
        w.WritePropertyName("decision");
        WriteDecision(w, explanation.Evaluation.Decision);
        w.WriteEndObject();
    }

    private static void WriteDecision(Utf8JsonWriter w, PolicyDecision decision)
    {
        w.WriteStartObject();
        w.WriteString("rule", decision.RuleId);
        w.WriteString("verdict", decision.Verdict.ToString());
        w.WriteString("reason", decision.Reason);
        w.WriteEndObject();
    }

    private static List<(string Name, int Count)> Contents(PolicyDocument document) =>
    [
        ("tierDefaults", document.TierDefaults.Count),
        ("capabilityTiers", document.CapabilityTiers.Count),
        ("grants", document.Grants.Count),
        ("amountThresholds", document.AmountThresholds.Count),
        ("confidenceThresholds", document.ConfidenceThresholds.Count),
        ("rateLimits", document.RateLimits.Count),
        ("quietHours", document.QuietHours is null ? 0 : 1),
        ("trustLevels", document.Trust?.Levels.Count ?? 0),
    ];
}
