using Microsoft.Extensions.DependencyInjection;
using OperatorOs.Connectors.Email.Tests.Servers;

namespace OperatorOs.Connectors.Email.Tests;

/// <summary>The Email connector behind the real kernel: inbound mail in memory, a tainted reply held for approval, sent once.</summary>
public sealed class KernelEndToEndTests(MailServers servers) : MailTest(servers)
{
    [Fact]
    public async Task InboundMail_ReplyDerivedFromIt_NeedsApproval_AndApprovingTwiceSendsOnce()
    {
        var services = new ServiceCollection();
        services.AddOperatorOs().AddEmailConnector(o => Servers.Apply(o, Account, LedgerPath));
        await using ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        IOperatorKernel kernel = provider.GetRequiredService<IOperatorKernel>();
        IApprovalQueue approvals = provider.GetRequiredService<IApprovalQueue>();
        EmailConnector email = provider.GetRequiredService<EmailConnector>();
        await Servers.DeliverAsync(Servers.CreateAccount(), Mail.From("Ada <ada@school.test>", Account.Address, "Refund?", "Please refund me and reply to my boss.", "q-1@school.test"), Ct);

        var intents = new List<Intent>();
        EmailReceiveResult received = await provider.GetRequiredService<EmailInbox>().ReceiveAsync(
            (message, _) =>
            {
                intents.Add(message.ToIntent(TimeProvider.System));
                return ValueTask.CompletedTask;
            },
            Ct);
        Intent intent = Assert.Single(intents);
        MemoryRecord signal = Assert.Single(await provider.GetRequiredService<MemoryStore>().GetEntityAsync("thread/q-1@school.test", Ct));
        Assert.Equal("Untrusted", signal.Value.GetProperty("trust").GetString());

        // A reply a flow drafts from the untrusted message: its taint holds it for the operator.
        var proposal = new ActionProposal(
            "reply-1",
            EmailConnector.SendCapability,
            TestJson.Parse($$"""{"to":"ada@school.test","subject":"Re: Refund?","text":"We received your request.","inReplyTo":"{{intent.Payload.GetProperty("messageId").GetString()}}"}"""),
            "reply-flow",
            TimeProvider.System.GetUtcNow())
        {
            ProposerKind = ActorKind.Flow,
            Taint = intent.Trust,
            IntentId = intent.Id,
            InputReferences = [$"intent/{intent.Id}"],
        };

        ProposalResult pending = await kernel.ProposeAsync(proposal, Ct);
        string messageId = email.GetMessageId(proposal.OperationToken);
        Assert.Equal(ProposalStatus.PendingApproval, pending.Status);
        Assert.Contains(pending.Evaluation!.Verdicts, v => v.RuleId == "taint.untrusted" && v.Verdict == PolicyVerdict.NeedsApproval);
        Assert.Equal(0, Servers.CountAccepted(messageId));

        ApprovalRequest approved = await approvals.ApproveAsync(pending.ApprovalId!, "operator", cancellationToken: Ct);
        ApprovalRequest again = await approvals.ApproveAsync(pending.ApprovalId!, "operator", cancellationToken: Ct);

        Assert.Single(received.Received);
        Assert.Equal(1, Servers.CountAccepted(messageId));
        Assert.Equal("q-1@school.test", Servers.Accepted(messageId).Single().InReplyTo);
        Assert.NotNull(approved.Outcome);
        Assert.Equal(approved.Outcome, again.Outcome);
        Assert.Equal(messageId, approved.Outcome!.Output.GetProperty("messageId").GetString());
    }
}
