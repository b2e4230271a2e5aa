using System.Text.Json;
using Microsoft.Data.Sqlite;
using OperatorOs.Connectors.Email.Internal;
using OperatorOs.Connectors.Email.Tests.Servers;

namespace OperatorOs.Connectors.Email.Tests;

/// <summary>Runs the shared connector conformance suite against e-mail connectors sending through the real SMTP server on 127.0.0.1,
/// with Dovecot as IMAP server.</summary>
/// <remarks>Effects are counted on the SMTP server's spool: messages accepted with the token's Message-ID. A lost acknowledgement
/// is a send by another connector instance (standing for the process that crashed) that stops after the server accepted the
/// message and its copy reached the Sent folder, before the ledger recorded the result.</remarks>
public sealed class EmailConnectorConformanceTests(MailServers servers) : ConnectorConformanceTests
{
    private readonly TempDirectory _temp = new();
    private readonly MailAccount _account = servers.CreateAccount();

    protected override Task<Connector> CreateConnectorAsync(bool readOnly) =>
        Task.FromResult<Connector>(new EmailConnector(Options(readOnly)));

    protected override (string Capability, JsonElement Arguments) WriteRequest() =>
        (EmailConnector.SendCapability, TestJson.Parse("""{"to":["Customer <customer@customer.test>"],"subject":"Your order","text":"It ships today."}"""));

    protected override (string Capability, JsonElement Arguments, string Path) BadArguments() =>
        (EmailConnector.SendCapability, TestJson.Parse("""{"to":["customer@customer.test","not an address"],"subject":"Your order","text":"It ships today."}"""), "$.to[1]");

    protected override Task<int> CountEffectsAsync(OperationToken token) =>
        Task.FromResult(servers.CountAccepted(MessageIds.ForToken(token, MailServers.LocalDomain)));

    protected override async Task SimulateLostAcknowledgementAsync(Connector connector, OperationRequest request)
    {
        using var crashing = new EmailConnector(Options(readOnly: false))
        {
            StageReached = stage => stage == SendStage.SentCopySaved ? throw new SimulatedCrashException() : ValueTask.CompletedTask,
        };

        await Assert.ThrowsAsync<SimulatedCrashException>(() => crashing.ExecuteAsync(request, Ct));
    }

    protected override ValueTask DisposeAsyncCore()
    {
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
        return ValueTask.CompletedTask;
    }

    private EmailConnectorOptions Options(bool readOnly) => servers.Options(_account, _temp.Combine("email.db"), o => o.ReadOnly = readOnly);
}
