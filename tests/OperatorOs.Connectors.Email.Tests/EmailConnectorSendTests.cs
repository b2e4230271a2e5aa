using System.Text.Json;
using MailKit;
using MimeKit;
using OperatorOs.Connectors.Email.Internal;
using OperatorOs.Connectors.Email.Tests.Servers;

namespace OperatorOs.Connectors.Email.Tests;

public sealed class EmailConnectorSendTests(MailServers servers) : MailTest(servers)
{
    private const string ToCustomer = """{"to":["customer@customer.test"],"subject":"Your order","text":"It ships today."}""";

    [Fact]
    public async Task ExecuteAsync_Send_DeliversOneMessageWithTokenMessageIdThreadHeadersAndSentCopy()
    {
        MailAccount recipient = Servers.CreateAccount();
        EmailConnector connector = Create();
        OperationRequest request = Request(
            EmailConnector.SendCapability,
            $$"""{"to":["Ada <{{recipient.Address}}>"],"cc":"cc@customer.test","subject":"Re: Enrollment","text":"You are enrolled.","html":"<p>You are <b>enrolled</b>.</p>","inReplyTo":"<question-1@school.test>","references":["<thread-root@school.test>"]}""");

        OperationResult result = await connector.ExecuteAsync(request, Ct);

        string messageId = connector.GetMessageId(request.Token);
        Assert.Equal(MessageIds.ForToken(request.Token, MailServers.LocalDomain), messageId);
        Assert.Equal(1, Servers.CountAccepted(messageId));
        MimeMessage delivered = Assert.Single(await Servers.ReadFolderAsync(recipient, "INBOX", Ct)).Message;
        Assert.Equal(messageId, delivered.MessageId);
        Assert.Equal("question-1@school.test", delivered.InReplyTo);
        Assert.Equal(["thread-root@school.test", "question-1@school.test"], delivered.References);
        Assert.Equal("Test Office", delivered.From.Mailboxes.Single().Name);
        Assert.Equal(Account.Address, delivered.From.Mailboxes.Single().Address);
        Assert.Equal("You are enrolled.", delivered.TextBody?.Trim());
        Assert.Contains("<b>enrolled</b>", delivered.HtmlBody, StringComparison.Ordinal);
        Assert.Equal(1, await Servers.CountInFolderAsync(Account, "Sent", messageId, Ct));

        Assert.Equal(request.Token, result.Token);
        Assert.Equal(messageId, result.Output.GetProperty("messageId").GetString());
        Assert.Equal([recipient.Address], result.Output.GetProperty("to").EnumerateArray().Select(e => e.GetString()));
        Assert.True(result.Output.GetProperty("savedToSent").GetBoolean());
        Assert.Equal("smtp", result.Output.GetProperty("confirmedBy").GetString());
        Assert.Contains("queued as", result.Output.GetProperty("serverResponse").GetString(), StringComparison.Ordinal);
        Assert.Contains(recipient.Address, result.Summary, StringComparison.Ordinal);
        Assert.Contains(messageId, result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_Bcc_IsDeliveredButHiddenFromTheMessageAndKeptInTheSentCopy()
    {
        MailAccount hidden = Servers.CreateAccount();
        EmailConnector connector = Create();
        OperationRequest request = Request(EmailConnector.SendCapability, $$"""{"to":"customer@customer.test","bcc":["{{hidden.Address}}"],"subject":"Quote","text":"Attached."}""");

        await connector.ExecuteAsync(request, Ct);

        string messageId = connector.GetMessageId(request.Token);
        Assert.Empty(Assert.Single(Servers.Accepted(messageId)).Bcc);
        Assert.Single(await Servers.ReadFolderAsync(hidden, "INBOX", Ct));
        MimeMessage copy = Assert.Single(await Servers.ReadFolderAsync(Account, "Sent", Ct)).Message;
        Assert.Equal(hidden.Address, copy.Bcc.Mailboxes.Single().Address);
    }

    [Fact]
    public async Task ExecuteAsync_SaveSentCopyOff_SendsWithoutCopy()
    {
        EmailConnector connector = Create(o => o.SaveSentCopy = false);
        OperationRequest request = Request(EmailConnector.SendCapability, ToCustomer);

        OperationResult result = await connector.ExecuteAsync(request, Ct);

        Assert.False(result.Output.GetProperty("savedToSent").GetBoolean());
        Assert.Equal(1, Servers.CountAccepted(connector.GetMessageId(request.Token)));
        Assert.Equal(0, await Servers.CountInFolderAsync(Account, "Sent", connector.GetMessageId(request.Token), Ct));
    }

    [Fact]
    public async Task CrashAfterSmtpAccepted_StatusIsInProgressThenInDoubt_NeverResends_UntilOperatorConfirms()
    {
        // Arrange: the server took the message, then the process died before the Sent copy and the ledger record.
        OperationRequest request = Request(EmailConnector.SendCapability, ToCustomer);
        EmailConnector crashing = Create();
        crashing.StageReached = stage => stage == SendStage.SmtpAccepted ? throw new SimulatedCrashException() : ValueTask.CompletedTask;
        await Assert.ThrowsAsync<SimulatedCrashException>(() => crashing.ExecuteAsync(request, Ct));
        string messageId = crashing.GetMessageId(request.Token);
        Assert.Equal(1, Servers.CountAccepted(messageId));

        // Right after the crash the attempt may still be running: asking again later is the honest answer.
        EmailConnector restarted = Create();
        ConnectorException busy = await Assert.ThrowsAsync<ConnectorException>(() => restarted.GetStatusAsync(request.Token, Ct));
        Assert.True(busy.IsTransient);
        Assert.IsNotType<EmailSendInDoubtException>(busy);
        Assert.True((await Assert.ThrowsAsync<ConnectorException>(() => restarted.ExecuteAsync(request, Ct))).IsTransient);

        // An hour later it is in doubt: not found in the Sent folder, and not sent again.
        EmailConnector later = Create(timeProvider: new ShiftedTimeProvider(TimeSpan.FromHours(1)));
        Assert.Equal(OperationState.InDoubt, (await later.GetStatusAsync(request.Token, Ct)).State);
        EmailSendInDoubtException doubt = await Assert.ThrowsAsync<EmailSendInDoubtException>(() => later.ExecuteAsync(request, Ct));
        Assert.False(doubt.IsTransient);
        Assert.Equal(request.Token, doubt.Token);
        Assert.Equal(messageId, doubt.MessageId);
        Assert.Equal(1, Servers.CountAccepted(messageId));

        // The operator checked and confirms the send: the token completes without another message.
        OperationStatus resolved = await later.ResolveInDoubtAsync(request.Token, wasSent: true, Ct);
        OperationResult replayed = await later.ExecuteAsync(request, Ct);

        Assert.Equal(OperationState.Completed, resolved.State);
        Assert.Equal("operator", resolved.Result!.Output.GetProperty("confirmedBy").GetString());
        Assert.Equal(resolved.Result.Output.GetRawText(), replayed.Output.GetRawText());
        Assert.Equal(OperationState.Completed, (await restarted.GetStatusAsync(request.Token, Ct)).State);
        Assert.Equal(1, Servers.CountAccepted(messageId));
    }

    [Fact]
    public async Task ConnectionLostAfterData_IsInDoubtAtOnce_AndOperatorSayingNotSentAllowsExactlyOneMoreSend()
    {
        EmailConnector connector = Create();
        OperationRequest request = Request(EmailConnector.SendCapability, """{"to":"drop-after-data@faults.test","subject":"Lost","text":"The answer never comes."}""");
        string messageId = connector.GetMessageId(request.Token);

        EmailSendInDoubtException lost = await Assert.ThrowsAsync<EmailSendInDoubtException>(() => connector.ExecuteAsync(request, Ct));

        Assert.False(lost.IsTransient);
        Assert.Contains(messageId, lost.Message, StringComparison.Ordinal);
        Assert.Equal(1, Servers.CountAccepted(messageId));
        Assert.Equal(OperationState.InDoubt, (await Create().GetStatusAsync(request.Token, Ct)).State);
        await Assert.ThrowsAsync<EmailSendInDoubtException>(() => connector.ExecuteAsync(request, Ct));
        Assert.Equal(1, Servers.CountAccepted(messageId));

        OperationStatus released = await connector.ResolveInDoubtAsync(request.Token, wasSent: false, Ct);
        Assert.Equal(OperationState.NotFound, released.State);
        Assert.Equal(OperationState.NotFound, (await connector.GetStatusAsync(request.Token, Ct)).State);

        // Released by the operator, the token sends again, with the same Message-ID (this server drops it again).
        await Assert.ThrowsAsync<EmailSendInDoubtException>(() => connector.ExecuteAsync(request, Ct));
        Assert.Equal(2, Servers.CountAccepted(messageId));
    }

    [Fact]
    public async Task ExecuteAsync_RecipientRefused_FailsPermanentlyWithoutEffectAndLeavesTokenFree()
    {
        EmailConnector connector = Create();
        OperationRequest request = Request(EmailConnector.SendCapability, """{"to":["customer@customer.test","nobody@rejected.test"],"subject":"Hello","text":"Hi."}""");

        ConnectorException refused = await Assert.ThrowsAsync<ConnectorException>(() => connector.ExecuteAsync(request, Ct));

        Assert.IsNotType<EmailSendInDoubtException>(refused);
        Assert.False(refused.IsTransient);
        Assert.Contains("550", refused.Message, StringComparison.Ordinal);
        Assert.Equal(OperationState.NotFound, (await connector.GetStatusAsync(request.Token, Ct)).State);
        Assert.Equal(0, Servers.CountAccepted(connector.GetMessageId(request.Token)));
    }

    [Fact]
    public async Task ExecuteAsync_SmtpUnreachable_FailsTransientlyAfterRetriesAndRecordsNothing()
    {
        EmailConnector connector = Create(o =>
        {
            o.Smtp.Port = SilentServer.ClosedPort();
            o.MaxRetryAttempts = 2;
            o.RetryDelay = TimeSpan.FromMilliseconds(10);
        });
        OperationRequest request = Request(EmailConnector.SendCapability, ToCustomer);

        ConnectorException unreachable = await Assert.ThrowsAsync<ConnectorException>(() => connector.ExecuteAsync(request, Ct));

        Assert.True(unreachable.IsTransient);
        Assert.Contains("connecting to the SMTP server", unreachable.Message, StringComparison.Ordinal);
        Assert.Equal(OperationState.NotFound, (await connector.GetStatusAsync(request.Token, Ct)).State);
    }

    [Fact]
    public async Task ExecuteAsync_ServerNeverAnswers_TimesOutTransientlyAndRecordsNothing()
    {
        using var silent = new SilentServer();
        EmailConnector connector = Create(o =>
        {
            o.Smtp.Port = silent.Port;
            o.Timeout = TimeSpan.FromMilliseconds(500);
            o.MaxRetryAttempts = 0;
        });
        OperationRequest request = Request(EmailConnector.SendCapability, ToCustomer);

        ConnectorException timedOut = await Assert.ThrowsAsync<ConnectorException>(() => connector.ExecuteAsync(request, Ct));

        Assert.True(timedOut.IsTransient);
        Assert.Contains("no answer within", timedOut.Message, StringComparison.Ordinal);
        Assert.Equal(OperationState.NotFound, (await connector.GetStatusAsync(request.Token, Ct)).State);
    }

    [Fact]
    public async Task ExecuteAsync_CancelledWhileConnecting_ThrowsOperationCanceledAndRecordsNothing()
    {
        using var silent = new SilentServer();
        EmailConnector connector = Create(o => o.Smtp.Port = silent.Port);
        OperationRequest request = Request(EmailConnector.SendCapability, ToCustomer);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connector.ExecuteAsync(request, cancel.Token));

        Assert.Equal(OperationState.NotFound, (await connector.GetStatusAsync(request.Token, Ct)).State);
    }

    [Fact]
    public async Task ExecuteAsync_SameTokenConcurrently_SendsOnce()
    {
        EmailConnector connector = Create();
        OperationRequest request = Request(EmailConnector.SendCapability, ToCustomer);

        Task<OperationResult>[] attempts = [.. Enumerable.Range(0, 4).Select(_ => Task.Run(() => connector.ExecuteAsync(request, Ct), Ct))];
        try
        {
            await Task.WhenAll(attempts);
        }
        catch (ConnectorException ex) when (ex.IsTransient)
        {
            // A concurrent attempt of the same token is refused as "in progress"; the one that ran sent the message.
        }

        Assert.Contains(attempts, a => a.IsCompletedSuccessfully);
        Assert.All(attempts.Where(a => a.IsFaulted), a => Assert.True(Assert.IsType<ConnectorException>(a.Exception!.InnerException).IsTransient));
        Assert.Equal(1, Servers.CountAccepted(connector.GetMessageId(request.Token)));
        Assert.Equal(OperationState.Completed, (await connector.GetStatusAsync(request.Token, Ct)).State);
    }

    [Fact]
    public async Task ExecuteAsync_TokenOfAnotherCapability_IsRefusedWithoutEffect()
    {
        EmailConnector connector = Create();
        OperationToken token = NewToken();
        await connector.ExecuteAsync(Request(EmailConnector.DraftCapability, ToCustomer, token), Ct);

        ConnectorException reused = await Assert.ThrowsAsync<ConnectorException>(() => connector.ExecuteAsync(Request(EmailConnector.SendCapability, ToCustomer, token), Ct));

        Assert.False(reused.IsTransient);
        Assert.Contains(EmailConnector.DraftCapability, reused.Message, StringComparison.Ordinal);
        Assert.Equal(0, Servers.CountAccepted(connector.GetMessageId(token)));
    }

    [Fact]
    public async Task ResolveInDoubtAsync_UnknownOrCompletedToken_IsRefused()
    {
        EmailConnector connector = Create();
        OperationRequest request = Request(EmailConnector.SendCapability, ToCustomer);
        await Assert.ThrowsAsync<InvalidOperationException>(() => connector.ResolveInDoubtAsync(request.Token, wasSent: true, Ct));
        OperationResult sent = await connector.ExecuteAsync(request, Ct);

        OperationStatus confirmed = await connector.ResolveInDoubtAsync(request.Token, wasSent: true, Ct);

        Assert.Equal(sent.Output.GetRawText(), confirmed.Result!.Output.GetRawText());
        await Assert.ThrowsAsync<InvalidOperationException>(() => connector.ResolveInDoubtAsync(request.Token, wasSent: false, Ct));
        Assert.Equal(1, Servers.CountAccepted(connector.GetMessageId(request.Token)));
    }

    [Fact]
    public async Task GetMessageId_IsDeterministicPerTokenAndUsesTheConfiguredDomain()
    {
        EmailConnector connector = Create(o => o.MessageIdDomain = "ops.example.com");
        OperationToken token = NewToken();

        Assert.Equal(connector.GetMessageId(token), connector.GetMessageId(new OperationToken(token.Value)));
        Assert.NotEqual(connector.GetMessageId(token), connector.GetMessageId(NewToken()));
        Assert.EndsWith("@ops.example.com", connector.GetMessageId(token), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => connector.GetMessageId(default));
        await Task.CompletedTask;
    }
}
