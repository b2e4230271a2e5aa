using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.DependencyInjection;
using OperatorOs.Testing;

namespace OperatorOs.Kernel.Tests.Shadow;

public class ShadowAgreementTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly AgentRole Triage = new("triage", "You answer students.") { GrantedCapabilities = ["mail.send"] };

    private static KernelHarness Harness(Action<OperatorOsOptions>? configure = null) => new(
        configure: o =>
        {
            o.TrustLadder.InitialLevels["triage"] = AgentTrustLevel.Observe;
            o.ShadowAgreement.MinimumSamples = 5;
            configure?.Invoke(o);
        },
        build: b => b.AddAgent(Triage));

    private static int _next;

    private static ActionProposal Proposal(KernelHarness harness, string item, string arguments, ActorKind kind, double confidence = 1) =>
        new($"p-{Interlocked.Increment(ref _next)}", "mail.send", TestJson.Parse(arguments), kind == ActorKind.Agent ? "triage" : "operator", harness.Clock.GetUtcNow())
        {
            ProposerKind = kind,
            CorrelationId = item,
            Confidence = confidence,
        };

    [Fact]
    public async Task OperatorDoingTheSame_CountsAsAgreement_AndTheAgentsProposalIsNeverExecuted()
    {
        await using KernelHarness harness = Harness();
        ProposalResult shadowed = await harness.Kernel.ProposeAsync(Proposal(harness, "email-1", """{"to":"s42@example.edu","body":"The deadline is Friday."}""", ActorKind.Agent), Ct);

        _ = await harness.Kernel.ProposeAsync(Proposal(harness, "email-1", """{"to":"s42@example.edu","body":"The deadline is Friday."}""", ActorKind.Operator), Ct);

        Assert.Equal(ProposalStatus.Shadowed, shadowed.Status);
        ShadowAgreementReport report = await harness.Services.GetRequiredService<IShadowAgreement>().GetReportAsync("triage", "mail.send", Ct);
        Assert.Equal((1, 1), (report.Compared, report.Agreed));
        Assert.Equal(1.0, report.MeanScore);
        Assert.DoesNotContain(harness.Connector.Effects, e => e.Token.Value.Contains(shadowed.Proposal.Id, StringComparison.Ordinal));
        Assert.Contains(JournalEventTypes.ShadowScored, (await harness.EventsAsync()).Select(e => e.Type));
    }

    [Fact]
    public async Task TheSameOperationShadowedAgain_WaitsToBeScoredOnce()
    {
        // An agent's call made again after a crash presents the same token: it is one shadowed operation, not two.
        await using KernelHarness harness = Harness();
        ActionProposal first = Proposal(harness, "email-9", """{"to":"s42@example.edu","body":"Yes."}""", ActorKind.Agent);
        ActionProposal again = Proposal(harness, "email-9", """{"to":"s42@example.edu","body":"Yes."}""", ActorKind.Agent);
        var token = new OperationToken("agent:0123456789abcdef0123456789abcdef:0");
        _ = await harness.Kernel.ProposeAsync(new ActionProposal(first.Id, first.Capability, first.Arguments, first.Proposer, first.CreatedAt) { ProposerKind = ActorKind.Agent, CorrelationId = "email-9", OperationToken = token }, Ct);
        _ = await harness.Kernel.ProposeAsync(new ActionProposal(again.Id, again.Capability, again.Arguments, again.Proposer, again.CreatedAt) { ProposerKind = ActorKind.Agent, CorrelationId = "email-9", OperationToken = token }, Ct);

        _ = await harness.Kernel.ProposeAsync(Proposal(harness, "email-9", """{"to":"s42@example.edu","body":"Yes."}""", ActorKind.Operator), Ct);

        Assert.Single(await harness.Memory.GetEntityAsync("shadow/email-9", Ct));
        ShadowAgreementReport report = await harness.Services.GetRequiredService<IShadowAgreement>().GetReportAsync("triage", "mail.send", Ct);
        Assert.Equal((1, 1), (report.Compared, report.Agreed));
    }

    [Fact]
    public async Task OperatorDoingOtherwise_IsDisagreement_AndEachShadowIsScoredOnce()
    {
        await using KernelHarness harness = Harness();
        _ = await harness.Kernel.ProposeAsync(Proposal(harness, "email-2", """{"to":"s42@example.edu","body":"Refund approved."}""", ActorKind.Agent), Ct);

        _ = await harness.Kernel.ProposeAsync(Proposal(harness, "email-2", """{"to":"s42@example.edu","body":"Refunds are not possible after week 4."}""", ActorKind.Operator), Ct);
        _ = await harness.Kernel.ProposeAsync(Proposal(harness, "email-2", """{"to":"s42@example.edu","body":"Refund approved."}""", ActorKind.Operator), Ct);
        _ = await harness.Kernel.ProposeAsync(Proposal(harness, "email-3", """{"to":"s42@example.edu","body":"Refund approved."}""", ActorKind.Operator), Ct);

        ShadowAgreementReport report = await harness.Services.GetRequiredService<IShadowAgreement>().GetReportAsync("triage", "mail.send", Ct);
        Assert.Equal((1, 0), (report.Compared, report.Agreed));
        Assert.InRange(report.MeanScore, 0.5, 0.9);
        Assert.Equal(0, report.AgreementRate);
    }

    [Fact]
    public async Task Calibration_SuggestsTheLowestConfidenceThatMeetsTheTarget()
    {
        await using KernelHarness harness = Harness(o => o.ShadowAgreement.TargetRate = 1.0);
        for (int i = 0; i < 12; i++)
        {
            double confidence = 0.4 + (i * 0.05);
            bool right = confidence >= 0.7;
            string item = $"email-c{i}";
            _ = await harness.Kernel.ProposeAsync(Proposal(harness, item, $$"""{"to":"a@example.edu","body":"{{(right ? "yes" : "no")}}"}""", ActorKind.Agent, confidence), Ct);
            _ = await harness.Kernel.ProposeAsync(Proposal(harness, item, """{"to":"a@example.edu","body":"yes"}""", ActorKind.Operator), Ct);
        }

        ShadowAgreementReport report = Assert.Single(await harness.Services.GetRequiredService<IShadowAgreement>().ListReportsAsync("triage", Ct));

        Assert.Equal(12, report.Compared);
        Assert.Equal(6, report.Agreed);
        Assert.NotNull(report.SuggestedConfidenceThreshold);
        Assert.Equal(0.7, report.SuggestedConfidenceThreshold!.Value, 3);
    }

    [Fact]
    public async Task TooFewSamples_SuggestNoThreshold()
    {
        await using KernelHarness harness = Harness();
        _ = await harness.Kernel.ProposeAsync(Proposal(harness, "e", """{"to":"a@example.edu","body":"x"}""", ActorKind.Agent, 0.99), Ct);
        _ = await harness.Kernel.ProposeAsync(Proposal(harness, "e", """{"to":"a@example.edu","body":"x"}""", ActorKind.Operator), Ct);

        ShadowAgreementReport report = await harness.Services.GetRequiredService<IShadowAgreement>().GetReportAsync("triage", "mail.send", Ct);

        Assert.Null(report.SuggestedConfidenceThreshold);
    }

    [Fact]
    public void Score_OfDifferingWords_IsTheirOverlap()
    {
        double score = ArgumentAgreement.Score(TestJson.Parse("""{"body":"the deadline is friday"}"""), TestJson.Parse("""{"body":"The deadline is Monday."}"""));

        Assert.Equal(3.0 / 5.0, score, 6);
    }

    [FsCheck.Xunit.Property]
    public Property Score_IsSymmetric_InRange_AndOneForEqualArguments() =>
        Prop.ForAll(Gen.Zip(Arguments(), Arguments()).ToArbitrary(), pair =>
        {
            (JsonElement a, JsonElement b) = pair;
            double ab = ArgumentAgreement.Score(a, b);
            double ba = ArgumentAgreement.Score(b, a);
            return ab >= 0 && ab <= 1 && Math.Abs(ab - ba) < 1e-12 && ArgumentAgreement.Score(a, a) == 1;
        });

    private static Gen<JsonElement> Arguments() =>
        from body in Gen.Elements("yes", "no", "the deadline is friday", "Friday!", "")
        from to in Gen.Elements("a@example.edu", "b@example.edu")
        from amount in Gen.Choose(0, 3)
        from withAmount in Gen.Elements(true, false)
        select TestJson.Parse(withAmount
            ? $$"""{"to":"{{to}}","body":"{{body}}","amount":{{amount}}}"""
            : $$"""{"to":"{{to}}","body":"{{body}}"}""");
}
