using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace OperatorOs.Kernel.Tests.Policies;

public class PolicyDocumentTests
{
    [Fact]
    public void Parse_ShippedExample_ReadsEveryRule()
    {
        PolicyDocument policy = PolicyDocument.Parse(PolicyFileFixtures.Example, "example");

        Assert.Equal("../policy.schema.json", policy.Schema);
        Assert.False(policy.ShadowMode);
        Assert.Equal(PolicyVerdict.Execute, policy.TierDefaults[RiskTier.Financial]);
        Assert.Equal(RiskTier.Internal, policy.CapabilityTiers["notes.write"]);
        Assert.Equal(new AgentGrant(["mail.send"], GrantMode.Extend), policy.Grants["triage"]);
        Assert.Equal(new AmountThreshold("billing.refund", "amount", "EUR", 50m), Assert.Single(policy.AmountThresholds));
        Assert.Equal("amount.billing.refund", policy.AmountThresholds[0].RuleId);
        Assert.Equal(new ConfidenceThreshold("mail.send", 0.8), Assert.Single(policy.ConfidenceThresholds));
        Assert.Equal(
            [new RateLimitRule(RateLimitScope.Agent, "triage", 20, TimeSpan.FromMinutes(1)), new RateLimitRule(RateLimitScope.Capability, "billing.refund", 5, TimeSpan.FromDays(1), PolicyVerdict.Deny)],
            policy.RateLimits);
        Assert.Equal(["rate.agent.triage", "rate.capability.billing.refund"], policy.RateLimits.Select(r => r.RuleId));
        Assert.Equal(new QuietHours("Europe/Berlin", new TimeOnly(22, 0), new TimeOnly(7, 0)), policy.QuietHours);
    }

    [Fact]
    public void ToJson_ShippedExample_RoundTripsToAnEqualPolicy()
    {
        PolicyDocument policy = PolicyDocument.Parse(PolicyFileFixtures.Example);

        PolicyDocument again = PolicyDocument.Parse(policy.ToJson());

        Assert.Equal(policy, again);
        Assert.Equal(policy.ToJson(), again.ToJson());
    }

    [Property(MaxTest = 200, Arbitrary = [typeof(PolicyArbitraries)])]
    public bool ToJson_AnyValidPolicy_RoundTripsToAnEqualPolicy(PolicyDocument policy) =>
        PolicyDocument.Parse(policy.ToJson()).Equals(policy);

    [Fact]
    public void Parse_MalformedJson_ReportsTheReadersLineAndColumn()
    {
        var ex = Assert.Throws<PolicyFileException>(() => PolicyDocument.Parse("{\n  \"shadowMode\": true\n  \"tierDefaults\": {}\n}", "policies.json"));

        PolicyFileError error = Assert.Single(ex.Errors);
        Assert.Equal(3, error.Line);
        Assert.StartsWith("Malformed JSON", error.Message, StringComparison.Ordinal);
        Assert.Contains("policies.json", ex.Message, StringComparison.Ordinal);
        Assert.Contains("line 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SeveralProblems_ListsEachWithPathLineAndColumn()
    {
        const string json = """
            {
              "shadowMode": "yes",
              "tierDefaults": { "external": "maybe" },
              "amountThresholds": [
                { "capability": "billing.refund", "argument": "amount", "autoApproveUpTo": -1 }
              ],
              "rateLimits": [ { "scope": "agent", "name": "triage", "permitLimit": 0, "window": "soon" } ],
              "confidenceThresholds": [ { "capability": "mail.send", "minimum": 1.5, "extra": 1 } ],
              "tierDefaults": {},
              "surprise": true
            }
            """;

        var ex = Assert.Throws<PolicyFileException>(() => PolicyDocument.Parse(json));

        Assert.Collection(
            ex.Errors,
            e => Assert.Equal(("$.shadowMode", 2), (e.Path, e.Line)),
            e => Assert.Equal(("$.tierDefaults.external", 3), (e.Path, e.Line)),
            e => Assert.Equal(("$.amountThresholds[0].autoApproveUpTo", 5), (e.Path, e.Line)),
            e => Assert.Equal(("$.rateLimits[0].permitLimit", 7), (e.Path, e.Line)),
            e => Assert.Equal(("$.rateLimits[0].window", 7), (e.Path, e.Line)),
            e => Assert.Equal(("$.confidenceThresholds[0].minimum", 8), (e.Path, e.Line)),
            e => Assert.Equal(("$.confidenceThresholds[0].extra", 8), (e.Path, e.Line)),
            e => Assert.Equal(("$.tierDefaults", 9), (e.Path, e.Line)),
            e => Assert.Equal(("$.surprise", 10), (e.Path, e.Line)));
        Assert.All(ex.Errors, e => Assert.True(e.Column >= 1));
        Assert.Contains("appears more than once", ex.Errors[7].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("""{ "capabilityTiers": { "Mail.Send": "external" } }""", "not a valid capability name")]
    [InlineData("""{ "grants": { "triage": { "mode": "merge", "capabilities": [] } } }""", "not a grant mode")]
    [InlineData("""{ "grants": { "triage": { "capabilities": ["a.b", "a.b"] } } }""", "listed twice")]
    [InlineData("""{ "amountThresholds": [ { "capability": "billing.refund", "argument": "amount", "currency": "euro", "autoApproveUpTo": 5 } ] }""", "ISO 4217")]
    [InlineData("""{ "amountThresholds": [ { "capability": "billing.refund", "argument": "amount", "autoApproveUpTo": 5 }, { "capability": "billing.refund", "argument": "total", "autoApproveUpTo": 9 } ] }""", "already has an amount threshold")]
    [InlineData("""{ "rateLimits": [ { "scope": "agent", "name": "triage", "permitLimit": 2, "window": "00:01:00", "exceeded": "execute" } ] }""", "'needsApproval' or 'deny'")]
    [InlineData("""{ "quietHours": { "timeZone": "Mars/Olympus", "from": "22:00", "to": "07:00" } }""", "time zone")]
    [InlineData("""{ "quietHours": { "timeZone": "UTC", "from": "22:00", "to": "22:00" } }""", "same time")]
    [InlineData("""{ "quietHours": { "timeZone": "UTC", "from": "25:00", "to": "07:00" } }""", "time of day")]
    [InlineData("""{ "quietHours": { "timeZone": "UTC", "from": "22:00" } }""", "'to' is missing")]
    [InlineData("""{ "budgets": [ { "scope": "team", "name": "triage", "period": "day", "maxTokens": 5 } ] }""", "not a budget scope")]
    [InlineData("""{ "budgets": [ { "scope": "agent", "name": "triage", "period": "week", "maxTokens": 5 } ] }""", "not a budget period")]
    [InlineData("""{ "budgets": [ { "scope": "agent", "name": "triage", "period": "day" } ] }""", "needs 'maxTokens', 'maxCost' or both")]
    [InlineData("""{ "budgets": [ { "scope": "agent", "name": "triage", "period": "day", "maxCost": -1 } ] }""", "0 or more")]
    [InlineData("""{ "budgets": [ { "scope": "agent", "name": "triage", "period": "day", "maxTokens": 1.5 } ] }""", "whole number of tokens")]
    [InlineData("""{ "budgets": [ { "scope": "workflow", "name": "*", "period": "month", "maxCost": 5 }, { "scope": "workflow", "name": "*", "period": "month", "maxTokens": 9 } ] }""", "already defined")]
    [InlineData("""{ "agents": { "Triage": { "instructions": "x" } } }""", "not a valid agent name")]
    [InlineData("""{ "agents": { "triage": { "purpose": "x" } } }""", "'instructions' is missing")]
    [InlineData("""{ "agents": { "triage": { "instructions": "x", "escalation": { "confidenceThreshold": 2 } } } }""", "from 0 to 1")]
    [InlineData("""{ "agents": { "triage": { "instructions": "x", "maxToolIterations": 0 } } }""", "from 1 to 100")]
    [InlineData("""{ "agents": { "triage": { "instructions": "x", "capabilities": ["mail.send", "mail.send"] } } }""", "listed twice")]
    [InlineData("""{ "agents": { "triage": { "instructions": "x", "temperature": 0.2 } } }""", "temperature")]
    [InlineData("", "Malformed JSON")]
    public void Parse_InvalidFile_ThrowsPolicyFileExceptionNamingTheProblem(string json, string expected)
    {
        var ex = Assert.Throws<PolicyFileException>(() => PolicyDocument.Parse(json));

        Assert.Contains(ex.Errors, e => e.Message.Contains(expected, StringComparison.Ordinal) && e.Line >= 1 && e.Column >= 1);
    }

    [Fact]
    public void Parse_InvalidUtf8_ReportsTheLineOfTheBadByte()
    {
        byte[] bytes = [.. "{\n\n  \"$schema\": \""u8, 0xC3, 0x28, .. "\"\n}"u8];

        var ex = Assert.Throws<PolicyFileException>(() => PolicyDocument.Parse(bytes));

        Assert.Equal(3, Assert.Single(ex.Errors).Line);
    }

    [Fact]
    public void GetJsonSchema_ListsExactlyThePropertiesTheParserAccepts()
    {
        using JsonDocument schema = JsonDocument.Parse(PolicyDocument.GetJsonSchema());

        string[] properties = [.. schema.RootElement.GetProperty("properties").EnumerateObject().Select(p => p.Name)];

        Assert.Equal(PolicyFileNames.RootProperties.Order(StringComparer.Ordinal), properties.Order(StringComparer.Ordinal));
        Assert.False(schema.RootElement.GetProperty("additionalProperties").GetBoolean());
    }
}
