using OperatorOs.Connectors.Email.Tests.Servers;

// One Dovecot and one SMTP server for the whole run; each test class works in its own accounts.
[assembly: AssemblyFixture(typeof(MailServers))]
