using System.Text;
using OperatorOs.Connectors.Email.Tests.Servers;

namespace OperatorOs.Connectors.Email.Tests;

/// <summary>Credentials reach only the servers: never results, exception messages, or descriptions of the options.</summary>
public sealed class EmailConnectorSecretsTests(MailServers servers) : MailTest(servers)
{
    [Fact]
    public async Task WrongPassword_FailsPermanently_WithoutThePasswordAnywhereAndWithoutEffect()
    {
        const string wrong = "wrong-password-7f3a9c";
        EmailConnector connector = Create(o => o.Smtp.Password = wrong);
        OperationRequest request = Request(EmailConnector.SendCapability, """{"to":"x@customer.test","subject":"s","text":"t"}""");

        ConnectorException refused = await Assert.ThrowsAsync<ConnectorException>(() => connector.ExecuteAsync(request, Ct));

        Assert.False(refused.IsTransient);
        Assert.Contains("refused the credentials", refused.Message, StringComparison.Ordinal);
        Assert.Null(refused.InnerException);
        AssertNoSecret(refused.ToString(), wrong);
        Assert.Equal(OperationState.NotFound, (await connector.GetStatusAsync(request.Token, Ct)).State);
        Assert.Equal(0, Servers.CountAccepted(connector.GetMessageId(request.Token)));
    }

    [Fact]
    public async Task ResultsExceptionsAndOptions_NeverContainThePasswords()
    {
        EmailConnector connector = Create();
        OperationResult sent = await connector.ExecuteAsync(Request(EmailConnector.SendCapability, """{"to":"x@customer.test","subject":"s","text":"t"}"""), Ct);
        OperationResult fetched = await connector.ExecuteAsync(Request(EmailConnector.FetchCapability, """{"folder":"Sent"}"""), Ct);
        EmailSendInDoubtException doubt = await Assert.ThrowsAsync<EmailSendInDoubtException>(() =>
            connector.ExecuteAsync(Request(EmailConnector.SendCapability, """{"to":"drop-after-data@faults.test","subject":"s","text":"t"}"""), Ct));
        EmailConnectorOptions options = Servers.Options(Account, LedgerPath);

        foreach (string text in new[] { sent.Output.GetRawText(), sent.Summary, fetched.Output.GetRawText(), doubt.ToString(), options.ToString(), options.Smtp.ToString() })
        {
            AssertNoSecret(text, Account.Password);
        }

        Assert.Contains("Password = ***", options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidOptions_MessagesNameTheSettingNotTheSecret()
    {
        EmailConnectorOptions options = Servers.Options(Account, LedgerPath, o => o.Imap.Username = null);

        ArgumentException ex = Assert.Throws<ArgumentException>(() => new EmailConnector(options));

        Assert.Contains("Imap", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Username", ex.Message, StringComparison.Ordinal);
        AssertNoSecret(ex.ToString(), Account.Password);
    }

    private static void AssertNoSecret(string text, string secret)
    {
        Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)), text, StringComparison.Ordinal);
    }
}
