using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace OperatorOs.Connectors.Email.Tests;

/// <summary>Recording mail that did not come through IMAP (an export, another source) as the same untrusted signal the inbox writes.</summary>
public sealed class EmailInboxRecordTests
{
    private static readonly DateTimeOffset Received = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RecordAsync_NewMessage_WritesOneUntrustedSignalInItsThread()
    {
        var memory = new InMemoryMemoryStore();
        var clock = new FakeTimeProvider(Received.AddMinutes(5));
        InboundEmail reply = InboundEmail.FromMessage(Mail.From("ada@school.test", "office@example.com", "Re: Fees", "Is there a discount?", "r-1@school.test", "q-1@school.test", "q-1@school.test"), Received);
        var provenance = new Provenance(ActorKind.Connector, "eml-export") { InputReferences = ["file:///exports/r-1.eml"] };

        bool written = await EmailInbox.RecordAsync(memory, reply, provenance, clock, Ct);

        Assert.True(written);
        MemoryRecord signal = Assert.Single(await memory.GetEntityAsync("thread/q-1@school.test", Ct));
        Assert.Equal("email/r-1@school.test", signal.Attribute);
        Assert.Equal(MemoryKind.Signal, signal.Kind);
        Assert.Equal("Untrusted", signal.Value.GetProperty("trust").GetString());
        Assert.Equal("Is there a discount?", signal.Value.GetProperty("text").GetString()!.Trim());
        Assert.Equal(Received, signal.ValidFrom);
        Assert.Equal("eml-export", signal.Provenance.Actor);
        Assert.Equal(["file:///exports/r-1.eml"], signal.Provenance.InputReferences);
    }

    [Fact]
    public async Task RecordAsync_SameMessageAgain_WritesNothing()
    {
        var memory = new InMemoryMemoryStore();
        var clock = new FakeTimeProvider(Received);
        InboundEmail email = InboundEmail.FromMessage(Mail.From("ada@school.test", "office@example.com", "Q", "When?", "q-2@school.test"), Received);
        var provenance = new Provenance(ActorKind.Connector, "eml-export");

        bool first = await EmailInbox.RecordAsync(memory, email, provenance, clock, Ct);
        bool second = await EmailInbox.RecordAsync(memory, email with { Subject = "changed" }, provenance, clock, Ct);

        Assert.True(first);
        Assert.False(second);
        MemoryRecord signal = Assert.Single(await memory.GetEntityAsync(email.MemoryEntity, Ct));
        Assert.Equal(1, signal.Version);
        Assert.Equal("Q", signal.Value.GetProperty("subject").GetString());
    }

    [Fact]
    public void ToSignal_ReceivedInTheFuture_IsValidFromNowAndExpectsNoEarlierVersion()
    {
        InboundEmail email = InboundEmail.FromMessage(Mail.From("ada@school.test", "office@example.com", "Q", "x", "q-3@school.test"), Received);

        MemoryWrite write = email.ToSignal(new Provenance(ActorKind.Connector, "email"), Received.AddHours(-1));

        Assert.Equal(Received.AddHours(-1), write.ValidFrom);
        Assert.Equal(0, write.ExpectedVersion);
        Assert.Equal("thread/q-3@school.test", write.Entity);
        Assert.Equal("email/q-3@school.test", write.Attribute);
    }

    [Fact]
    public async Task RecordAsync_NullArguments_Throw()
    {
        InboundEmail email = InboundEmail.FromMessage(Mail.From("ada@school.test", "office@example.com", "Q", "x", "q-4@school.test"), Received);

        await Assert.ThrowsAsync<ArgumentNullException>(() => EmailInbox.RecordAsync(null!, email, new Provenance(ActorKind.Connector, "email"), cancellationToken: Ct));
        await Assert.ThrowsAsync<ArgumentNullException>(() => EmailInbox.RecordAsync(new InMemoryMemoryStore(), email, null!, cancellationToken: Ct));
        _ = Assert.Throws<ArgumentNullException>(() => email.ToSignal(null!, Received));
    }
}
