using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OperatorOs.Kernel.Tests.Policies;

public class PolicyFileReloadTests
{
    [Fact]
    public async Task ReloadAsync_ValidThenGarbageEdit_AppliesTheFirstAndKeepsItThroughTheSecond()
    {
        // Arrange
        using var directory = new TempDirectory();
        string path = directory.Write("policies.json", """{ "tierDefaults": { "external": "needsApproval" } }""");
        await using var harness = new KernelHarness(build: b => b.AddPolicyFile(path));
        IPolicyFileStatus status = harness.Services.GetRequiredService<IPolicyFileStatus>();
        CancellationToken ct = TestContext.Current.CancellationToken;
        PolicyEvaluation before = await harness.Kernel.ExplainAsync(harness.Proposal("mail.send"), ct);
        DateTimeOffset? firstLoad = status.LoadedAt;

        // Act: a valid edit
        File.WriteAllText(path, """{ "tierDefaults": { "external": "deny" } }""");
        harness.Clock.Advance(TimeSpan.FromMinutes(1));
        bool validLoaded = await status.ReloadAsync(ct);
        PolicyEvaluation afterValid = await harness.Kernel.ExplainAsync(harness.Proposal("mail.send"), ct);

        // Act: garbage
        File.WriteAllText(path, "{\n  \"tierDefaults\": { \"external\": \"execute\" \n  oops");
        bool garbageLoaded = await status.ReloadAsync(ct);
        PolicyEvaluation afterGarbage = await harness.Kernel.ExplainAsync(harness.Proposal("mail.send"), ct);

        // Assert
        Assert.Equal(PolicyVerdict.NeedsApproval, before.Decision.Verdict);
        Assert.Equal(Path.GetFullPath(path), status.FilePath);
        Assert.True(validLoaded);
        Assert.Equal((PolicyVerdict.Deny, "risk-tier.external"), (afterValid.Decision.Verdict, afterValid.Decision.RuleId));
        Assert.False(garbageLoaded);
        Assert.Equal(PolicyVerdict.Deny, afterGarbage.Decision.Verdict);
        Assert.Equal(PolicyVerdict.Deny, status.Current!.TierDefaults[RiskTier.External]);
        Assert.Equal(firstLoad + TimeSpan.FromMinutes(1), status.LoadedAt);
        PolicyFileError error = Assert.Single(status.LastError!.Errors);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public async Task ReloadAsync_ErrorThenFix_ClearsTheError()
    {
        using var directory = new TempDirectory();
        string path = directory.Write("policies.json", "{}");
        await using var harness = new KernelHarness(o => o.PolicyFile = path);
        IPolicyFileStatus status = harness.Services.GetRequiredService<IPolicyFileStatus>();
        CancellationToken ct = TestContext.Current.CancellationToken;
        Assert.NotNull(status.Current);

        File.WriteAllText(path, """{ "rateLimits": 3 }""");
        Assert.False(await status.ReloadAsync(ct));
        Assert.Equal("$.rateLimits", Assert.Single(status.LastError!.Errors).Path);

        File.WriteAllText(path, """{ "shadowMode": true }""");
        Assert.True(await status.ReloadAsync(ct));
        Assert.Null(status.LastError);
        Assert.Equal(ProposalStatus.Shadowed, (await harness.Kernel.ProposeAsync(harness.Proposal("notes.read"), ct)).Status);
    }

    [Fact]
    public async Task Startup_InvalidPolicyFile_FailsValidationWithTheLineAndReportsIt()
    {
        // Arrange
        using var directory = new TempDirectory();
        string path = directory.Write("policies.json", "{\n  \"amountThresholds\": [ { \"capability\": \"billing.refund\", \"argument\": \"amount\", \"autoApproveUpTo\": \"fifty\" } ]\n}");
        await using var harness = new KernelHarness(o => o.PolicyFile = path);

        // Act
        var ex = Assert.Throws<OptionsValidationException>(() => harness.Services.GetRequiredService<IStartupValidator>().Validate());
        IPolicyFileStatus status = harness.Services.GetRequiredService<IPolicyFileStatus>();

        // Assert
        Assert.Contains("$.amountThresholds[0].autoApproveUpTo (line 2,", ex.Message, StringComparison.Ordinal);
        Assert.Null(status.Current);
        Assert.Equal(2, Assert.Single(status.LastError!.Errors).Line);
        await Assert.ThrowsAsync<OptionsValidationException>(() => harness.Kernel.ExplainAsync(harness.Proposal("notes.read"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Startup_MissingPolicyFile_FailsValidationNamingTheFile()
    {
        using var directory = new TempDirectory();
        string path = Path.Combine(directory.Path, "absent.json");
        await using var harness = new KernelHarness(o => o.PolicyFile = path);

        var ex = Assert.Throws<OptionsValidationException>(() => harness.Services.GetRequiredService<IOptions<OperatorOsOptions>>().Value);

        Assert.Contains("absent.json", ex.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be read", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReloadAsync_NoPolicyFile_Throws()
    {
        await using var harness = new KernelHarness();
        IPolicyFileStatus status = harness.Services.GetRequiredService<IPolicyFileStatus>();

        Assert.Null(status.FilePath);
        Assert.Null(status.Current);
        await Assert.ThrowsAsync<InvalidOperationException>(() => status.ReloadAsync(TestContext.Current.CancellationToken));
    }
}
