using System.Text.Json;
using MimeKit;
using OperatorOs.Connectors.Email.Tests.Servers;

namespace OperatorOs.Connectors.Email.Tests;

public sealed class EmailInboxTests(MailServers servers) : MailTest(servers)
{
    private const string Student = "Ada Student <ada@school.test>";

    private readonly InMemoryMemoryStore _memory = new();
    private readonly MailAccount _submitter = servers.CreateAccount();

    [Fact]
    public async Task ReceiveAsync_NewMail_WritesOneUntrustedSignalPerMessageGroupedByThread()
    {
        MimeMessage root = Mail.From(Student, Account.Address, "Enrollment", "Can I still enroll?", "root-1@school.test");
        MimeMessage reply = Mail.From(Student, Account.Address, "Re: Enrollment", "Also: is there a fee?", "reply-1@school.test", "root-1@school.test", "root-1@school.test");
        MimeMessage other = Mail.From("bob@school.test", Account.Address, "Grades", "When are grades out?", "other-1@school.test");
        foreach (MimeMessage message in new[] { root, reply, other })
        {
            await Servers.DeliverAsync(_submitter, message, Ct);
        }

        using var inbox = new EmailInbox(Create(), _memory);
        EmailReceiveResult result = await inbox.ReceiveAsync(Ct);

        Assert.Equal(["root-1@school.test", "reply-1@school.test", "other-1@school.test"], result.Received.Select(m => m.MessageId));
        Assert.Equal(3, result.SignalsWritten);
        Assert.Equal(0, result.Skipped);
        IReadOnlyList<MemoryRecord> thread = await _memory.GetEntityAsync("thread/root-1@school.test", Ct);
        Assert.Equal(["email/reply-1@school.test", "email/root-1@school.test"], thread.Select(r => r.Attribute).Order(StringComparer.Ordinal));
        MemoryRecord replySignal = thread.Single(r => r.Attribute == "email/reply-1@school.test");
        Assert.Equal(MemoryKind.Signal, replySignal.Kind);
        Assert.Equal("Untrusted", replySignal.Value.GetProperty("trust").GetString());
        Assert.Equal("ada@school.test", replySignal.Value.GetProperty("from").GetString());
        Assert.Equal("Ada Student", replySignal.Value.GetProperty("fromName").GetString());
        Assert.Equal("Re: Enrollment", replySignal.Value.GetProperty("subject").GetString());
        Assert.Equal("root-1@school.test", replySignal.Value.GetProperty("threadId").GetString());
        Assert.Equal("root-1@school.test", replySignal.Value.GetProperty("inReplyTo").GetString());
        Assert.Equal("Also: is there a fee?", replySignal.Value.GetProperty("text").GetString()!.Trim());
        Assert.Equal(ActorKind.Connector, replySignal.Provenance.ActorKind);
        Assert.Equal("email", replySignal.Provenance.Actor);
        Assert.StartsWith("imap://127.0.0.1/INBOX;UIDVALIDITY=", Assert.Single(replySignal.Provenance.InputReferences), StringComparison.Ordinal);
        Assert.Single(await _memory.GetEntityAsync("thread/other-1@school.test", Ct));
    }

    [Fact]
    public async Task ReceiveAsync_Again_TakesOnlyNewMailAndNeverDuplicatesSignals()
    {
        await Servers.DeliverAsync(_submitter, Mail.From(Student, Account.Address, "First", "one"), Ct);
        using var inbox = new EmailInbox(Create(), _memory);
        Assert.Single((await inbox.ReceiveAsync(Ct)).Received);

        EmailReceiveResult again = await inbox.ReceiveAsync(Ct);
        await Servers.DeliverAsync(_submitter, Mail.From(Student, Account.Address, "Second", "two"), Ct);

        // A restarted host: a new connector and inbox over the same ledger.
        using var restarted = new EmailInbox(Create(), _memory);
        EmailReceiveResult next = await restarted.ReceiveAsync(Ct);

        Assert.Empty(again.Received);
        Assert.Equal("Second", Assert.Single(next.Received).Subject);
        Assert.Equal(2, (await _memory.QueryAsync(new MemoryQuery { Kind = MemoryKind.Signal }, Ct)).Count);
        Assert.Empty((await restarted.ReceiveAsync(Ct)).Received);
    }

    [Fact]
    public async Task ReceiveAsync_SameMessageIdDeliveredTwice_IsReceivedOnce()
    {
        MimeMessage message = Mail.From(Student, Account.Address, "Duplicate", "sent twice", "dup-1@school.test");
        await Servers.DeliverAsync(_submitter, message, Ct);
        using var inbox = new EmailInbox(Create(), _memory);
        await inbox.ReceiveAsync(Ct);
        await Servers.DeliverAsync(_submitter, message, Ct);

        EmailReceiveResult second = await inbox.ReceiveAsync(Ct);

        Assert.Empty(second.Received);
        Assert.Equal(1, second.Skipped);
        Assert.Single(await _memory.GetHistoryAsync("thread/dup-1@school.test", "email/dup-1@school.test", Ct));
    }

    [Fact]
    public async Task ReceiveAsync_Handler_GetsUntrustedIntents_AndAFailedHandlerSeesTheMessageAgainWithoutASecondSignal()
    {
        await Servers.DeliverAsync(_submitter, Mail.From(Student, Account.Address, "One", "first", "h-1@school.test"), Ct);
        await Servers.DeliverAsync(_submitter, Mail.From(Student, Account.Address, "Two", "second", "h-2@school.test"), Ct);
        using var inbox = new EmailInbox(Create(), _memory);
        var intents = new List<Intent>();
        var time = TimeProvider.System;

        await Assert.ThrowsAsync<InvalidOperationException>(() => inbox.ReceiveAsync((message, _) => Record(message, fail: message.MessageId == "h-2@school.test"), Ct));
        EmailReceiveResult retried = await inbox.ReceiveAsync((message, _) => Record(message, fail: false), Ct);

        Assert.Equal(["h-1@school.test", "h-2@school.test", "h-2@school.test"], intents.Select(i => i.Payload.GetProperty("messageId").GetString()));
        Assert.All(intents, intent =>
        {
            Assert.Equal(TrustLevel.Untrusted, intent.Trust);
            Assert.Equal(InboundEmail.DefaultIntentName, intent.Name);
            Assert.Equal("email:ada@school.test", intent.Source);
        });
        Assert.Equal(intents[1].Id, intents[2].Id);
        Assert.Equal("h-2@school.test", Assert.Single(retried.Received).MessageId);
        Assert.Equal(0, retried.SignalsWritten);
        Assert.Equal(2, (await _memory.QueryAsync(new MemoryQuery { Kind = MemoryKind.Signal }, Ct)).Count);

        ValueTask Record(InboundEmail message, bool fail)
        {
            intents.Add(message.ToIntent(time));
            return fail ? throw new InvalidOperationException("The router is down.") : ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task ReceiveAsync_FirstTime_TakesOnlyTheMostRecentBatchThenFollowsNewMail()
    {
        foreach (string subject in new[] { "old", "recent-1", "recent-2" })
        {
            await Servers.DeliverAsync(_submitter, Mail.From(Student, Account.Address, subject, subject), Ct);
        }

        using var inbox = new EmailInbox(Create(o => o.MaxFetchMessages = 2), _memory);
        EmailReceiveResult first = await inbox.ReceiveAsync(Ct);
        foreach (string subject in new[] { "new-1", "new-2", "new-3" })
        {
            await Servers.DeliverAsync(_submitter, Mail.From(Student, Account.Address, subject, subject), Ct);
        }

        EmailReceiveResult second = await inbox.ReceiveAsync(Ct);

        Assert.Equal(["recent-1", "recent-2"], first.Received.Select(m => m.Subject));
        Assert.Equal(["new-1", "new-2", "new-3"], second.Received.Select(m => m.Subject));
    }

    [Fact]
    public async Task ReceiveAsync_HtmlOnlyMail_KeepsItsTextWithoutMarkupOrScript()
    {
        MimeMessage message = Mail.From(Student, Account.Address, "Formatted", string.Empty);
        message.Body = new TextPart("html") { Text = "<html><head><style>p{color:red}</style></head><body><p>Hello&nbsp;<b>there</b></p><script>alert('x')</script><p>Second line</p></body></html>" };
        await Servers.DeliverAsync(_submitter, message, Ct);
        using var inbox = new EmailInbox(Create(), _memory);

        InboundEmail received = Assert.Single((await inbox.ReceiveAsync(Ct)).Received);

        Assert.Equal("Hello there\n\nSecond line", received.Text);
    }

    [Fact]
    public void Constructor_ConnectorWithoutImap_Throws()
    {
        EmailConnector connector = Create(o => o.Imap.Host = null);

        ArgumentException ex = Assert.Throws<ArgumentException>(() => new EmailInbox(connector, _memory));

        Assert.Contains("IMAP", ex.Message, StringComparison.Ordinal);
    }
}
