using MailKit;
using OperatorOs.Connectors.Email.Tests.Servers;

namespace OperatorOs.Connectors.Email.Tests;

public sealed class EmailConnectorDraftTests(MailServers servers) : MailTest(servers)
{
    private const string Reply = """{"to":"student@school.test","subject":"Re: Deadline","text":"The deadline is Friday."}""";

    [Fact]
    public async Task ExecuteAsync_DraftTwice_SavesOneDraftAndSendsNothing()
    {
        EmailConnector connector = Create();
        OperationRequest request = Request(EmailConnector.DraftCapability, Reply);
        string messageId = connector.GetMessageId(request.Token);

        OperationStatus before = await connector.GetStatusAsync(request.Token, Ct);
        OperationResult first = await connector.ExecuteAsync(request, Ct);
        OperationResult second = await connector.ExecuteAsync(request, Ct);

        Assert.Equal(OperationState.NotFound, before.State);
        Assert.Equal(first.Output.GetRawText(), second.Output.GetRawText());
        Assert.Equal("Drafts", first.Output.GetProperty("folder").GetString());
        Assert.True(first.Output.GetProperty("uid").GetUInt32() > 0);
        var drafts = (await Servers.ReadFolderAsync(Account, "Drafts", Ct)).Where(d => d.Message.MessageId == messageId).ToList();
        (MimeKit.MimeMessage draft, MessageFlags flags) = Assert.Single(drafts);
        Assert.True(flags.HasFlag(MessageFlags.Draft));
        Assert.Equal("Re: Deadline", draft.Subject);
        Assert.Equal(0, Servers.CountAccepted(messageId));
        Assert.Equal(OperationState.Completed, (await connector.GetStatusAsync(request.Token, Ct)).State);
    }

    [Fact]
    public async Task ExecuteAsync_DraftWithLostLedger_FindsTheDraftInsteadOfSavingItTwice()
    {
        OperationRequest request = Request(EmailConnector.DraftCapability, Reply);
        EmailConnector first = Create();
        await first.ExecuteAsync(request, Ct);

        // Another connector with an empty ledger stands for a crash after the APPEND and before the ledger write.
        using var otherLedger = new TempDirectory();
        using var recovered = new EmailConnector(Servers.Options(Account, otherLedger.Combine("email.db")));
        OperationResult result = await recovered.ExecuteAsync(request, Ct);

        Assert.Equal(first.GetMessageId(request.Token), result.Output.GetProperty("messageId").GetString());
        Assert.Equal(1, await Servers.CountInFolderAsync(Account, "Drafts", first.GetMessageId(request.Token), Ct));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task ExecuteAsync_DraftWithoutRecipients_IsAccepted()
    {
        EmailConnector connector = Create();

        OperationResult result = await connector.ExecuteAsync(Request(EmailConnector.DraftCapability, """{"subject":"Notes","text":"To be sent later."}"""), Ct);

        Assert.Empty(result.Output.GetProperty("to").EnumerateArray());
    }

    [Fact]
    public async Task ExecuteAsync_DraftsFolderMissing_FailsPermanentlyAndLeavesTheTokenRetryable()
    {
        EmailConnector connector = Create(o => o.DraftsFolder = "NoSuchFolder");
        OperationRequest request = Request(EmailConnector.DraftCapability, Reply);

        ConnectorException missing = await Assert.ThrowsAsync<ConnectorException>(() => connector.ExecuteAsync(request, Ct));

        Assert.False(missing.IsTransient);
        Assert.Contains("NoSuchFolder", missing.Message, StringComparison.Ordinal);
        EmailConnector fixedConnector = Create();
        Assert.Equal(OperationState.NotFound, (await fixedConnector.GetStatusAsync(request.Token, Ct)).State);
        Assert.Equal(OperationState.Completed, (await fixedConnector.GetStatusAsync((await fixedConnector.ExecuteAsync(request, Ct)).Token, Ct)).State);
    }
}
