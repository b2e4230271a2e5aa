using MailKit;
using OperatorOs.Connectors.Email.Tests.Servers;

namespace OperatorOs.Connectors.Email.Tests;

public sealed class EmailConnectorFetchTests(MailServers servers) : MailTest(servers)
{
    private readonly MailAccount _submitter = servers.CreateAccount();

    [Fact]
    public async Task ExecuteAsync_Fetch_ReturnsRecentMessagesOldestFirstWithoutMarkingThemRead()
    {
        foreach (string subject in new[] { "a", "b", "c" })
        {
            await Servers.DeliverAsync(_submitter, Mail.From("ada@school.test", Account.Address, subject, $"text {subject}"), Ct);
        }

        EmailConnector connector = Create();
        OperationResult latest = await connector.ExecuteAsync(Request(EmailConnector.FetchCapability, """{"limit":2}"""), Ct);

        Assert.Equal(["b", "c"], latest.Output.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("subject").GetString()));
        Assert.True(latest.Output.GetProperty("more").GetBoolean());
        Assert.Equal("INBOX", latest.Output.GetProperty("folder").GetString());
        Assert.All(latest.Output.GetProperty("messages").EnumerateArray(), m => Assert.Equal("Untrusted", m.GetProperty("trust").GetString()));
        Assert.All(await Servers.ReadFolderAsync(Account, "INBOX", Ct), m => Assert.False(m.Flags.HasFlag(MessageFlags.Seen)));
        Assert.Equal(OperationState.NotFound, (await connector.GetStatusAsync(latest.Token, Ct)).State);

        uint firstUid = latest.Output.GetProperty("messages")[0].GetProperty("uid").GetUInt32();
        OperationResult after = await connector.ExecuteAsync(Request(EmailConnector.FetchCapability, $$"""{"sinceUid":{{firstUid}}}"""), Ct);
        Assert.Equal(["c"], after.Output.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("subject").GetString()));
        Assert.False(after.Output.GetProperty("more").GetBoolean());

        OperationResult none = await connector.ExecuteAsync(Request(EmailConnector.FetchCapability, $$"""{"sinceUid":{{firstUid + 1}}}"""), Ct);
        Assert.Empty(none.Output.GetProperty("messages").EnumerateArray());
    }

    [Fact]
    public async Task ExecuteAsync_ReadOnlyConnector_FetchesOtherFoldersButOffersNothingElse()
    {
        EmailConnector writer = Create();
        OperationRequest send = Request(EmailConnector.SendCapability, """{"to":"x@customer.test","subject":"Copy","text":"kept in Sent"}""");
        await writer.ExecuteAsync(send, Ct);
        EmailConnector reader = Create(o => o.ReadOnly = true);

        OperationResult sent = await reader.ExecuteAsync(Request(EmailConnector.FetchCapability, """{"folder":"Sent"}"""), Ct);

        Assert.Equal([EmailConnector.FetchCapability], reader.Capabilities.Select(c => c.Name));
        Assert.Equal(writer.GetMessageId(send.Token), sent.Output.GetProperty("messages")[0].GetProperty("messageId").GetString());
    }

    [Fact]
    public async Task ExecuteAsync_FetchMissingFolder_FailsPermanently()
    {
        EmailConnector connector = Create();

        ConnectorException missing = await Assert.ThrowsAsync<ConnectorException>(() => connector.ExecuteAsync(Request(EmailConnector.FetchCapability, """{"folder":"Archive/2019"}"""), Ct));

        Assert.False(missing.IsTransient);
        Assert.Contains("Archive/2019", missing.Message, StringComparison.Ordinal);
    }
}
