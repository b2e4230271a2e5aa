using MailKit.Security;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using OperatorOs.Connectors.Email.Internal;

namespace OperatorOs.Connectors.Email.Tests;

public sealed class EmailConnectorOptionsTests
{
    [Fact]
    public void Defaults_AreSecureAndValidOnceTheRequiredSettingsAreGiven()
    {
        var options = new EmailConnectorOptions();

        Assert.Equal(587, options.Smtp.Port);
        Assert.Equal(SecureSocketOptions.StartTls, options.Smtp.Security);
        Assert.Equal(993, options.Imap.Port);
        Assert.Equal(SecureSocketOptions.SslOnConnect, options.Imap.Security);
        Assert.Equal("INBOX", options.InboxFolder);
        Assert.True(options.SaveSentCopy);
        List<string> failures = EmailConnectorOptionsValidation.GetFailures(options);
        Assert.Contains(failures, f => f.Contains("Address", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("LedgerPath", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Smtp.Host", StringComparison.Ordinal));

        options.Address = "office@example.com";
        options.LedgerPath = "email.db";
        options.Smtp.Host = "smtp.example.com";
        Assert.Empty(EmailConnectorOptionsValidation.GetFailures(options));
    }

    [Theory]
    [InlineData("Address", "Office <office@example.com>")]
    [InlineData("Address", "office")]
    [InlineData("MessageIdDomain", "not a domain")]
    [InlineData("MessageIdDomain", "-bad.example.com")]
    [InlineData("ReadOnlyWithoutImap", "")]
    [InlineData("Timeout", "0")]
    [InlineData("MaxRetryAttempts", "11")]
    [InlineData("MaxRecipients", "0")]
    [InlineData("Port", "70000")]
    [InlineData("PasswordWithoutUsername", "")]
    [InlineData("SentFolder", " ")]
    public void GetFailures_InvalidSetting_IsReportedByName(string setting, string value)
    {
        var options = new EmailConnectorOptions { Address = "office@example.com", LedgerPath = "email.db" };
        options.Smtp.Host = "smtp.example.com";
        string expected = setting;
        switch (setting)
        {
            case "Address": options.Address = value; break;
            case "MessageIdDomain": options.MessageIdDomain = value; break;
            case "ReadOnlyWithoutImap": options.ReadOnly = true; expected = "Imap.Host"; break;
            case "Timeout": options.Timeout = TimeSpan.Zero; break;
            case "MaxRetryAttempts": options.MaxRetryAttempts = 11; break;
            case "MaxRecipients": options.MaxRecipients = 0; break;
            case "Port": options.Smtp.Port = 70000; break;
            case "PasswordWithoutUsername": options.Smtp.Password = "secret-value"; expected = "Username"; break;
            case "SentFolder": options.SentFolder = value; break;
        }

        List<string> failures = EmailConnectorOptionsValidation.GetFailures(options);

        Assert.Contains(failures, f => f.Contains(expected, StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f.Contains("secret-value", StringComparison.Ordinal));
    }

    [Fact]
    public void Options_BindFromConfiguration_WithThePasswordFromAnEnvironmentVariable()
    {
        string prefix = $"OOS_EMAIL_TEST_{Guid.NewGuid():N}_";
        Environment.SetEnvironmentVariable($"{prefix}Email__Smtp__Password", "from-the-environment");
        try
        {
            IConfiguration configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Email:Address"] = "office@example.com",
                    ["Email:LedgerPath"] = "email.db",
                    ["Email:Smtp:Host"] = "smtp.example.com",
                    ["Email:Smtp:Port"] = "465",
                    ["Email:Smtp:Security"] = "SslOnConnect",
                    ["Email:Smtp:Username"] = "office",
                    ["Email:Imap:Host"] = "imap.example.com",
                    ["Email:SaveSentCopy"] = "false",
                })
                .AddEnvironmentVariables(prefix)
                .Build();
            var options = new EmailConnectorOptions();

            configuration.GetSection("Email").Bind(options);

            Assert.Equal("smtp.example.com", options.Smtp.Host);
            Assert.Equal(465, options.Smtp.Port);
            Assert.Equal(SecureSocketOptions.SslOnConnect, options.Smtp.Security);
            Assert.Equal("from-the-environment", options.Smtp.Password);
            Assert.Equal(993, options.Imap.Port);
            Assert.False(options.SaveSentCopy);
            Assert.Empty(EmailConnectorOptionsValidation.GetFailures(options));
        }
        finally
        {
            Environment.SetEnvironmentVariable($"{prefix}Email__Smtp__Password", null);
        }
    }

    [Fact]
    public void Connector_CopiesTheOptions()
    {
        using var temp = new TempDirectory();
        var options = new EmailConnectorOptions { Address = "office@example.com", LedgerPath = temp.Combine("email.db") };
        options.Smtp.Host = "smtp.example.com";
        using var connector = new EmailConnector(options);

        options.ReadOnly = true;
        options.Address = "other@example.com";

        Assert.Equal("office@example.com", connector.Address);
        Assert.Contains(connector.Capabilities, c => c.Name == EmailConnector.SendCapability);
        Assert.DoesNotContain(connector.Capabilities, c => c.Name == EmailConnector.FetchCapability);
        Assert.Equal(temp.Combine("email.db"), connector.LedgerPath);
        SqliteConnection.ClearAllPools();
    }
}
