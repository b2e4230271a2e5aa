using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Data.Sqlite;

namespace OperatorOs.Connectors.Email.Tests;

/// <summary>Argument checks: every malformed argument is refused with the path that names it, before any I/O (the hosts here do not exist).</summary>
public sealed class EmailConnectorValidationTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly EmailConnector _connector;

    public EmailConnectorValidationTests()
    {
        var options = new EmailConnectorOptions { Address = "office@example.com", LedgerPath = _temp.Combine("email.db"), MaxRecipients = 3, MaxBodyChars = 100 };
        options.Smtp.Host = "smtp.invalid";
        options.Imap.Host = "imap.invalid";
        _connector = new EmailConnector(options);
    }

    public void Dispose()
    {
        _connector.Dispose();
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    [Theory]
    [InlineData("""{"subject":"s","text":"t"}""", "$.to")]
    [InlineData("""{"to":[],"subject":"s","text":"t"}""", "$.to")]
    [InlineData("""{"to":42,"subject":"s","text":"t"}""", "$.to")]
    [InlineData("""{"to":[42],"subject":"s","text":"t"}""", "$.to[0]")]
    [InlineData("""{"to":["ada@example.com","ada"],"subject":"s","text":"t"}""", "$.to[1]")]
    [InlineData("""{"to":["undisclosed-recipients:;"],"subject":"s","text":"t"}""", "$.to[0]")]
    [InlineData("""{"to":["a@example.com, b@example.com"],"subject":"s","text":"t"}""", "$.to[0]")]
    [InlineData("""{"to":["ada@example.com\r\nBcc: eve@example.com"],"subject":"s","text":"t"}""", "$.to[0]")]
    [InlineData("""{"to":"a@example.com","cc":["b@example.com","c@example.com"],"bcc":"d@example.com","subject":"s","text":"t"}""", "$.bcc")]
    [InlineData("""{"to":"a@example.com","replyTo":"nope","subject":"s","text":"t"}""", "$.replyTo")]
    [InlineData("""{"to":"a@example.com","text":"t"}""", "$.subject")]
    [InlineData("""{"to":"a@example.com","subject":"  ","text":"t"}""", "$.subject")]
    [InlineData("""{"to":"a@example.com","subject":"Hi\r\nBcc: eve@example.com","text":"t"}""", "$.subject")]
    [InlineData("""{"to":"a@example.com","subject":"s"}""", "$.text")]
    [InlineData("""{"to":"a@example.com","subject":"s","text":false}""", "$.text")]
    [InlineData("""{"to":"a@example.com","subject":"s","text":"t","inReplyTo":"not a message id"}""", "$.inReplyTo")]
    [InlineData("""{"to":"a@example.com","subject":"s","text":"t","references":["<ok@example.com>","bad"]}""", "$.references[1]")]
    [InlineData("""{"to":"a@example.com","subject":"s","text":"t","attachments":[]}""", "$.attachments")]
    public void ValidateArguments_MalformedSend_NamesThePath(string json, string path)
    {
        ConnectorArgumentException ex = Assert.Throws<ConnectorArgumentException>(() => _connector.ValidateArguments(EmailConnector.SendCapability, TestJson.Parse(json)));

        Assert.Equal(EmailConnector.SendCapability, ex.Capability);
        Assert.Equal(path, ex.Path);
    }

    [Fact]
    public void ValidateArguments_BodyOverTheLimit_IsRefused()
    {
        string json = JsonSerializer.Serialize(new Dictionary<string, object> { ["to"] = "a@example.com", ["subject"] = "s", ["text"] = new string('x', 101) });

        ConnectorArgumentException ex = Assert.Throws<ConnectorArgumentException>(() => _connector.ValidateArguments(EmailConnector.SendCapability, TestJson.Parse(json)));

        Assert.Equal("$.text", ex.Path);
        Assert.Contains("100", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"limit":0}""", "$.limit")]
    [InlineData("""{"limit":51}""", "$.limit")]
    [InlineData("""{"limit":"5"}""", "$.limit")]
    [InlineData("""{"sinceUid":-1}""", "$.sinceUid")]
    [InlineData("""{"sinceUid":1.5}""", "$.sinceUid")]
    [InlineData("""{"folder":" "}""", "$.folder")]
    [InlineData("""{"unread":true}""", "$.unread")]
    public void ValidateArguments_MalformedFetch_NamesThePath(string json, string path)
    {
        ConnectorArgumentException ex = Assert.Throws<ConnectorArgumentException>(() => _connector.ValidateArguments(EmailConnector.FetchCapability, TestJson.Parse(json)));

        Assert.Equal(path, ex.Path);
    }

    [Theory]
    [InlineData("""{"to":"Ada Lovelace <ada@example.com>","subject":"s","text":"t"}""")]
    [InlineData("""{"to":["ada@example.com"],"cc":[],"bcc":null,"replyTo":"desk@example.com","subject":"Re: s","text":"t","html":"<p>t</p>","inReplyTo":"<q@example.com>","references":["r@example.com"]}""")]
    public void ValidateArguments_WellFormedSend_IsAccepted(string json) =>
        _connector.ValidateArguments(EmailConnector.SendCapability, TestJson.Parse(json));

    [Fact]
    public async Task ExecuteAsync_MalformedArguments_ThrowBeforeAnyConnection()
    {
        // The SMTP host does not exist: reaching it would fail differently, and slowly.
        var request = new OperationRequest(EmailConnector.SendCapability, TestJson.Parse("""{"to":"ada","subject":"s","text":"t"}"""), new OperationToken("v1"));

        ConnectorArgumentException ex = await Assert.ThrowsAsync<ConnectorArgumentException>(() => _connector.ExecuteAsync(request, TestContext.Current.CancellationToken));

        Assert.Equal("$.to", ex.Path);
        Assert.Equal(OperationState.NotFound, (await _connector.GetStatusAsync(request.Token, TestContext.Current.CancellationToken)).State);
    }

    [FsCheck.Xunit.Property]
    public bool ValidateArguments_SubjectWithALineBreak_IsAlwaysRefused(NonNull<string> before, NonNull<string> after, bool carriageReturn)
    {
        string subject = before.Get + (carriageReturn ? "\r" : "\n") + after.Get;
        string json = JsonSerializer.Serialize(new Dictionary<string, object> { ["to"] = "a@example.com", ["subject"] = subject, ["text"] = "t" });
        try
        {
            _connector.ValidateArguments(EmailConnector.SendCapability, TestJson.Parse(json));
            return false;
        }
        catch (ConnectorArgumentException ex)
        {
            return ex.Path == "$.subject";
        }
    }

    [FsCheck.Xunit.Property]
    public bool GetMessageId_IsStableAndUniquePerToken(NonEmptyString a, NonEmptyString b)
    {
        string Clean(string s) => new([.. s.Where(c => c is > ' ' and <= '~').DefaultIfEmpty('x').Take(OperationToken.MaxLength)]);
        var first = new OperationToken(Clean(a.Get));
        var second = new OperationToken(Clean(b.Get));
        string id = _connector.GetMessageId(first);
        return id == _connector.GetMessageId(new OperationToken(first.Value))
            && (first == second) == (id == _connector.GetMessageId(second))
            && id.EndsWith("@example.com", StringComparison.Ordinal);
    }
}
