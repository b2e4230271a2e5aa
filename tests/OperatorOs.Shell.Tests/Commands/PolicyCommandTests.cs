using System.Text.Json;

namespace OperatorOs.Shell.Tests.Commands;

public sealed class PolicyCommandTests(HostDatabase host) : IDisposable
{
    private const string Policy = """
        // Refunds run by themselves up to 50; the triage agent may send mail.
        {
          "tierDefaults": { "financial": "execute" },
          "capabilityTiers": { "notes.write": "internal" },
          "grants": { "triage": { "mode": "extend", "capabilities": ["mail.send"] } },
          "amountThresholds": [ { "capability": "billing.refund", "argument": "amount", "currency": "EUR", "autoApproveUpTo": 50 } ],
          "confidenceThresholds": [ { "capability": "mail.send", "minimum": 0.8 } ],
        }
        """;

    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task Validate_ValidFile_ExitsZeroAndSummarizesIt()
    {
        string file = _directory.Write("policy.json", Policy);

        CliResult text = await Cli.RunAsync("policy", "validate", file);
        CliResult json = await Cli.RunAsync("policy", "validate", file, "--json");

        Assert.Equal(ExitCodes.Ok, text.ExitCode);
        Assert.Contains("is valid", text.Out, StringComparison.Ordinal);
        Assert.True(json.Json().GetProperty("valid").GetBoolean());
        Assert.Equal(1, json.Json().GetProperty("contents").GetProperty("amountThresholds").GetInt32());
    }

    [Fact]
    public async Task Validate_InvalidFile_ListsEveryErrorWithPathLineAndColumn()
    {
        string file = _directory.Write("bad.json", """
            {
              "tierDefaults": { "read": "sometimes" },
              "grants": { "triage": { "mode": "extend" } }
            }
            """);

        CliResult text = await Cli.RunAsync("policy", "validate", file);
        CliResult json = await Cli.RunAsync("policy", "validate", file, "--json");

        Assert.Equal(ExitCodes.PolicyInvalid, text.ExitCode);
        Assert.Contains($"{file}:2:", text.Error, StringComparison.Ordinal);
        Assert.Contains("$.tierDefaults.read", text.Error, StringComparison.Ordinal);
        Assert.Contains("$.grants.triage", text.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.PolicyInvalid, json.ExitCode);
        JsonElement[] errors = json.Json().GetProperty("errors").EnumerateArray().ToArray();
        Assert.Equal(2, errors.Length);
        Assert.Equal("$.tierDefaults.read", errors[0].GetProperty("path").GetString());
        Assert.Equal(2, errors[0].GetProperty("line").GetInt32());
        Assert.True(errors[0].GetProperty("column").GetInt32() > 1);
    }

    [Fact]
    public async Task Validate_MissingFile_IsNotFound()
    {
        CliResult result = await Cli.RunAsync("policy", "validate", _directory.Combine("none.json"));

        result.AssertOneLineError(ExitCodes.NotFound, "none.json");
    }

    [Fact]
    public async Task Explain_RefundAboveThreshold_ShowsEveryRuleAndTheDecision()
    {
        string policy = _directory.Write("policy.json", Policy);
        string proposal = _directory.Write("refund.json", """{ "capability": "billing.refund", "arguments": { "amount": 80 }, "proposer": "billing-flow", "proposerKind": "Flow", "tier": "Financial" }""");

        CliResult text = await Cli.RunAsync("policy", "explain", "--policy", policy, "--proposal", proposal);
        CliResult json = await Cli.RunAsync("policy", "explain", "--policy", policy, "--proposal", proposal, "--json");

        Assert.Equal(ExitCodes.Ok, text.ExitCode);
        Assert.Contains("risk-tier.financial", text.Out, StringComparison.Ordinal);
        Assert.Contains("Decision: NeedsApproval (rule amount.billing.refund)", text.Out, StringComparison.Ordinal);
        JsonElement result = json.Json();
        Assert.Equal("amount.billing.refund", result.GetProperty("decision").GetProperty("rule").GetString());
        Dictionary<string, string> rules = result.GetProperty("rules").EnumerateArray().ToDictionary(r => r.GetProperty("rule").GetString()!, r => r.GetProperty("verdict").GetString()!);
        Assert.Equal("Execute", rules["risk-tier.financial"]);
        Assert.Equal("NeedsApproval", rules["amount.billing.refund"]);
    }

    [Fact]
    public async Task Explain_RefundWithinThreshold_Executes()
    {
        string policy = _directory.Write("policy.json", Policy);
        string proposal = _directory.Write("refund.json", """{ "capability": "billing.refund", "arguments": { "amount": 20 }, "proposer": "billing-flow", "proposerKind": "Flow" }""");

        CliResult json = await Cli.RunAsync("policy", "explain", "--policy", policy, "--proposal", proposal, "--tier", "Financial", "--json");

        Assert.Equal(ExitCodes.Ok, json.ExitCode);
        Assert.Equal("Execute", json.Json().GetProperty("decision").GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task Explain_AgentProposalWithTheHostsDatabase_ReadsTrustAndAppliesGrantsAndThresholds()
    {
        string db = host.CopyTo(_directory);
        string policy = _directory.Write("policy.json", Policy);
        string proposal = _directory.Write("mail.json", """{ "capability": "mail.send", "arguments": { "to": "x@example.com" }, "proposer": "triage", "proposerKind": "Agent", "confidence": 0.6, "taint": "Untrusted", "tier": "External" }""");

        CliResult json = await Cli.RunAsync("policy", "explain", "--policy", policy, "--proposal", proposal, "--db", db, "--json");

        Assert.Equal(ExitCodes.Ok, json.ExitCode);
        JsonElement result = json.Json();
        Assert.True(result.GetProperty("trustFromDatabase").GetBoolean());
        string[] rules = result.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("rule").GetString()!).ToArray();
        Assert.Contains("scope.granted", rules);
        Assert.Contains("taint.untrusted", rules);
        Assert.Contains("confidence.mail.send", rules);
        Assert.Contains("trust.propose.triage.mail.send", rules);
        Assert.Equal("NeedsApproval", result.GetProperty("decision").GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task Explain_NoTierKnown_IsExplainedAsAnUnknownCapability()
    {
        string policy = _directory.Write("policy.json", Policy);
        string proposal = _directory.Write("mail.json", """{ "capability": "mail.send" }""");

        CliResult text = await Cli.RunAsync("policy", "explain", "--policy", policy, "--proposal", proposal);

        Assert.Equal(ExitCodes.Ok, text.ExitCode);
        Assert.Contains("Decision: Deny (rule capability.unknown)", text.Out, StringComparison.Ordinal);
        Assert.Contains("--tier", text.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_TierFromThePolicyFile_IsUsed()
    {
        string policy = _directory.Write("policy.json", Policy);
        string proposal = _directory.Write("notes.json", """{ "capability": "notes.write" }""");

        CliResult json = await Cli.RunAsync("policy", "explain", "--policy", policy, "--proposal", proposal, "--json");

        Assert.Equal("Internal", json.Json().GetProperty("proposal").GetProperty("tier").GetString());
        Assert.Equal("risk-tier.internal", json.Json().GetProperty("decision").GetProperty("rule").GetString());
    }

    [Fact]
    public async Task Explain_WithoutPolicy_IsAUsageError()
    {
        string proposal = _directory.Write("p.json", """{ "capability": "mail.send" }""");

        CliResult result = await Cli.RunAsync("policy", "explain", "--proposal", proposal);

        result.AssertOneLineError(ExitCodes.Usage, "--policy");
    }

    [Theory]
    [InlineData("""{ "arguments": {} }""", "$.capability")]
    [InlineData("""{ "capability": "mail.send", "taint": "Dirty" }""", "$.taint")]
    [InlineData("""{ "capability": "mail.send", "cost": 1 }""", "$.cost")]
    [InlineData("""[1]""", "JSON object")]
    public async Task Explain_MalformedProposalFile_NamesTheField(string proposalJson, string field)
    {
        string policy = _directory.Write("policy.json", Policy);
        string proposal = _directory.Write("p.json", proposalJson);

        CliResult result = await Cli.RunAsync("policy", "explain", "--policy", policy, "--proposal", proposal);

        result.AssertOneLineError(ExitCodes.Usage, field);
    }

    [Fact]
    public async Task Explain_InvalidPolicyFile_IsPolicyInvalidInOneLine()
    {
        string policy = _directory.Write("policy.json", """{ "shadowMode": "yes" }""");
        string proposal = _directory.Write("p.json", """{ "capability": "mail.send" }""");

        CliResult result = await Cli.RunAsync("policy", "explain", "--policy", policy, "--proposal", proposal);

        result.AssertOneLineError(ExitCodes.PolicyInvalid, "$.shadowMode");
    }

    public void Dispose() => _directory.Dispose();
}
