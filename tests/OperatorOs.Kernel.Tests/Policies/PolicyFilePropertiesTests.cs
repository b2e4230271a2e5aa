using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static OperatorOs.Kernel.Tests.Policies.PolicyFileFixtures;

namespace OperatorOs.Kernel.Tests.Policies;

public class PolicyFilePropertiesTests
{
    private static readonly string[] Wrong = ["\"x\"", "-1", "1e999", "true", "null", "[]", "{}", "0.5", "2147483648", "\"\\ud800\""];
    private static readonly string[] Noise = ["{", "}", "[", "]", ",", ":", "\"", "/", "*", "0", "-", "e", "a", " ", "\n", "\\", "\u00e9"];

    public static Gen<string> ValidFileGen() =>
        Gen.OneOf(Gen.Constant(Example), PolicyArbitraries.DocumentGen().Select(d => d.ToJson()));

    /// <summary>Random damage to a valid file: deleted, duplicated or inserted characters, values of the wrong type, unknown fields, out-of-range numbers.</summary>
    public static Gen<string> MutatedFileGen() =>
        from text in ValidFileGen()
        from count in Gen.Choose(1, 3)
        from mutations in Gen.ArrayOf(Gen.Zip(Gen.Choose(0, 5), Gen.Zip(Gen.Choose(0, 100_000), Gen.Choose(0, 100_000))), count)
        select mutations.Aggregate(text, Mutate);

    private static string Mutate(string text, (int Kind, (int A, int B) Seeds) mutation)
    {
        if (text.Length == 0)
        {
            return "{";
        }

        int at = mutation.Seeds.A % text.Length;
        switch (mutation.Kind)
        {
            case 0:
                return text.Remove(at, 1);
            case 1:
                return text.Insert(at, text[at].ToString());
            case 2:
                return text.Insert(at, Noise[mutation.Seeds.B % Noise.Length]);
            case 3:
                // Replace the value after some colon with a value of another type.
                int colon = text.IndexOf(':', at);
                if (colon < 0)
                {
                    return text.Remove(at, 1);
                }

                int end = text.IndexOfAny([',', '}', ']', '\n'], colon + 1);
                return text[..(colon + 1)] + " " + Wrong[mutation.Seeds.B % Wrong.Length] + (end < 0 ? "" : text[end..]);
            case 4:
                int brace = text.IndexOf('{', at);
                return brace < 0 ? text.Insert(at, "\"bogus\": 1,") : text.Insert(brace + 1, "\"bogus\": 1,");
            default:
                // An out-of-range number: scale the first number after the position.
                int digit = text.IndexOfAny("0123456789".ToCharArray(), at);
                return digit < 0 ? text + "!" : text.Insert(digit, mutation.Seeds.B % 2 == 0 ? "-" : "999999999");
        }
    }

    [Property(MaxTest = 500)]
    public Property Parse_MutatedFile_IsAWholePolicyOrAPolicyFileExceptionWithLines() =>
        Prop.ForAll(Arb.From(MutatedFileGen()), text =>
        {
            try
            {
                PolicyDocument policy = PolicyDocument.Parse(text);

                // Still valid: then it is whole, and it round-trips.
                return PolicyDocument.Parse(policy.ToJson()).Equals(policy);
            }
            catch (PolicyFileException ex)
            {
                return ex.Errors.Count > 0 && ex.Errors.All(e => e.Line >= 1 && e.Column >= 1 && e.Path.StartsWith('$'));
            }
        });

    [Property(MaxTest = 60)]
    public Property ReloadAsync_MutatedFile_KeepsTheLastGoodPolicyOrLoadsTheWholeNewOne() =>
        Prop.ForAll(Arb.From(MutatedFileGen()), text =>
        {
            using var directory = new TempDirectory();
            string path = directory.Write("policies.json", Example);
            using ServiceProvider services = new ServiceCollection().BuildServiceProvider();
            using var source = new PolicyFileSource(services, new FakeTimeProvider(Noon));
            source.Initialize(path);
            PolicyDocument good = source.Current!;

            File.WriteAllBytes(path, Encoding.UTF8.GetBytes(text));
            bool loaded = source.ReloadAsync(CancellationToken.None).GetAwaiter().GetResult();

            return loaded
                ? source.Current!.Equals(PolicyDocument.Parse(text)) && source.LastError is null
                : ReferenceEquals(source.Current, good) && source.LastError is { } error && error.Errors.All(e => e.Line >= 1);
        });

    public sealed record Case(PolicyDocument Policy, PolicyDocument Extended, string Capability, string Proposer, ActorKind Kind, double Confidence, string Arguments, TrustLevel Taint, int MinuteOfDay);

    public static Gen<PolicyDocument> ExtendGen(PolicyDocument policy) => Gen.OneOf(
        PolicyArbitraries.AmountGen().Select(a => policy.AmountThresholds.Any(t => t.Capability == a.Capability) ? policy : policy with { AmountThresholds = [.. policy.AmountThresholds, a] }),
        PolicyArbitraries.ConfidenceGen().Select(c => policy.ConfidenceThresholds.Any(t => t.Capability == c.Capability) ? policy : policy with { ConfidenceThresholds = [.. policy.ConfidenceThresholds, c] }),
        PolicyArbitraries.RateGen().Select(r => policy.RateLimits.Any(t => t.RuleId == r.RuleId) ? policy : policy with { RateLimits = [.. policy.RateLimits, r] }),
        PolicyArbitraries.QuietGen().Select(q => policy.QuietHours is null ? policy with { QuietHours = q } : policy));

    public static Gen<Case> CaseGen() =>
        from policy in PolicyArbitraries.DocumentGen()
        from extended in ExtendGen(policy)
        from capability in Gen.Elements("notes.read", "notes.write", "mail.send", "billing.refund", "no.such")
        from proposer in Gen.Elements("triage", "scribe", "operator")
        from kind in Gen.Elements(ActorKind.Agent, ActorKind.Operator)
        from permille in Gen.Choose(0, 1000)
        from arguments in Gen.Elements("{}", """{"amount": 10}""", """{"amount": 5000, "currency": "EUR"}""", """{"total": 1, "amount": "x"}""", """{"amount": 20, "currency": "USD"}""")
        from taint in Gen.Elements(TrustLevel.Operator, TrustLevel.Internal, TrustLevel.Untrusted)
        from minute in Gen.Choose(0, 1439)
        select new Case(policy, extended, capability, proposer, kind, permille / 1000.0, arguments, taint, minute);

    [Property(MaxTest = 400)]
    public Property EvaluateAsync_AddingARule_NeverLoosensTheDecision() =>
        Prop.ForAll(Arb.From(CaseGen()), c => Decide(c.Policy, c) <= Decide(c.Extended, c));

    private static PolicyVerdict Decide(PolicyDocument document, Case c)
    {
        var clock = new FakeTimeProvider(Noon.Date.AddMinutes(c.MinuteOfDay));
        var source = new FixedSource(document);
        IPolicy[] policies =
        [
            new CapabilityScopePolicy(source),
            new RiskTierPolicy(source),
            new TaintPolicy(source),
            new ShadowModePolicy(source),
            new AmountThresholdPolicy(source),
            new ConfidenceThresholdPolicy(source),
            new RateLimitPolicy(source, clock),
            new QuietHoursPolicy(source, clock),
        ];
        AgentRole? agent = c.Kind == ActorKind.Agent && c.Proposer == "triage" ? new AgentRole("triage", "Triage.") { GrantedCapabilities = ["mail.send", "notes.read"] } : null;
        var proposal = new ActionProposal("p1", c.Capability, TestJson.Parse(c.Arguments), c.Proposer, clock.GetUtcNow())
        {
            ProposerKind = c.Kind,
            Confidence = c.Confidence,
            Taint = c.Taint,
        };
        var context = new PolicyContext(proposal, Capabilities.SingleOrDefault(d => d.Name == c.Capability), agent);
        return new PolicyPipeline(policies).EvaluateAsync(context, CancellationToken.None).AsTask().GetAwaiter().GetResult().Decision.Verdict;
    }
}
