using Microsoft.Extensions.DependencyInjection;

namespace OperatorOs.Memory.Sqlite.Tests;

public sealed class SqliteStorageOperatorOsBuilderExtensionsTests : IDisposable
{
    private readonly TempDatabases _files = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void UseSqlite_SwitchesEveryStoreToOneFile()
    {
        var services = new ServiceCollection();
        services.AddOperatorOs().UseSqlite(_files.NewPath());
        using ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        Assert.IsType<SqliteJournal>(provider.GetRequiredService<Journal>());
        Assert.IsType<SqliteMemoryStore>(provider.GetRequiredService<MemoryStore>());
        Assert.IsType<SqliteApprovalStore>(provider.GetRequiredService<ApprovalStore>());
        Assert.Single(services, d => d.ServiceType == typeof(Journal));
    }

    [Fact]
    public async Task PendingApproval_SurvivesARestartAndExecutesOnce()
    {
        // Arrange: the first host queues an External action and stops.
        string path = _files.NewPath();
        var connector = new RecordingConnector("mail", [RecordingConnector.Capability("mail.send", RiskTier.External)]);
        string approvalId;
        await using (ServiceProvider first = Build(path, connector))
        {
            ProposalResult pending = await first.GetRequiredService<IOperatorKernel>().ProposeAsync(
                new ActionProposal("prp_1", "mail.send", TestJson.Parse("""{"to":"ada@example.com"}"""), "operator", DateTimeOffset.UtcNow) { ProposerKind = ActorKind.Operator }, Ct);
            approvalId = pending.ApprovalId!;
        }

        // Act: a restarted host approves it, twice.
        await using ServiceProvider second = Build(path, connector);
        IApprovalQueue approvals = second.GetRequiredService<IApprovalQueue>();
        Assert.Equal([approvalId], (await approvals.ListPendingAsync(Ct)).Select(r => r.Id));
        ApprovalRequest approved = await approvals.ApproveAsync(approvalId, "operator", cancellationToken: Ct);
        ApprovalRequest again = await approvals.ApproveAsync(approvalId, "operator", cancellationToken: Ct);

        // Assert
        Assert.Single(connector.Effects);
        Assert.Equal(approved.Outcome!.Token, again.Outcome!.Token);
        Assert.NotNull(await second.GetRequiredService<MemoryStore>().GetAsync("action/prp_1", "outcome", Ct));
        JournalVerification verification = await second.GetRequiredService<Journal>().VerifyAsync(Ct);
        Assert.True(verification.IsIntact, verification.Problem);
        Assert.True(verification.EventsVerified >= 6);
    }

    private static ServiceProvider Build(string path, Connector connector)
    {
        var services = new ServiceCollection();
        services.AddOperatorOs().UseSqlite(path).AddConnector(connector);
        return services.BuildServiceProvider();
    }

    public void Dispose() => _files.Dispose();
}
