namespace OperatorOs.Connectors.Email.Tests.Servers;

/// <summary>A mailbox on the test servers: its login (the same for SMTP and IMAP) and address.</summary>
public sealed record MailAccount(string User, string Password, string Address);
