using Microsoft.Extensions.DependencyInjection;

namespace OperatorOs.Shell;

/// <summary>
/// Builds a kernel with the operator's policy file and asks it to explain a proposal: every rule's verdict and the final decision,
/// through <see cref="IOperatorKernel.ExplainAsync"/>, the kernel's own explain operation (nothing is recorded or executed).
/// </summary>
/// <remarks>
/// The CLI has no connectors or agent registrations, so it describes what the rules read: the capability with its risk tier, and
/// for an agent's proposal an agent role with no code grants (its grants come from the policy file alone). With a database the
/// trust ladder reads the agent's standing from it; without one, standings are the policy's starting levels.
/// </remarks>
internal static class PolicyExplainer
{
    public static async Task<Explanation> ExplainAsync(string policyFile, ExplainedProposal explained, RiskTier? tierOverride, string? databasePath, TimeSpan busyTimeout, CancellationToken cancellationToken)
    {
        string policyPath = OposSession.CheckPolicyFile(policyFile);

        // Parse first: a broken file is reported with every error's path, line and column, not as a failed host start.
        PolicyDocument document = PolicyDocument.Parse(await File.ReadAllBytesAsync(policyPath, cancellationToken).ConfigureAwait(false), policyPath);

        ActionProposal proposal = explained.Proposal;
        RiskTier? tier = tierOverride ?? explained.Tier
            ?? (document.CapabilityTiers.TryGetValue(proposal.Capability, out RiskTier fromFile) ? fromFile : null);

        var services = new ServiceCollection();
        IOperatorOsBuilder builder = services.AddOperatorOs(options =>
        {
            options.PolicyFile = policyPath;
            options.ApprovalDispatch.Enabled = false;
        });
        if (databasePath is not null)
        {
            OposSession.UseHostDatabase(builder, OposSession.CheckDatabaseFile(databasePath), busyTimeout);
        }

        if (tier is { } known)
        {
            builder.AddConnector(new DescribedCapabilityConnector(DescribeCapability(proposal.Capability, known)));
        }

        if (proposal.ProposerKind == ActorKind.Agent)
        {
            builder.AddAgent(new AgentRole(proposal.Proposer, "Described by opos for a policy explanation; its grants come from the policy file."));
        }

        ServiceProvider provider = services.BuildServiceProvider();
        await using (provider.ConfigureAwait(false))
        {
            PolicyEvaluation evaluation = await provider.GetRequiredService<IOperatorKernel>().ExplainAsync(proposal, cancellationToken).ConfigureAwait(false);
            return new Explanation(proposal, tier, databasePath is not null, evaluation);
        }
    }

    private static CapabilityDescriptor DescribeCapability(string capability, RiskTier tier)
    {
        try
        {
            using var schema = System.Text.Json.JsonDocument.Parse("""{"type":"object"}""");
            return new CapabilityDescriptor(capability, "Described by opos for a policy explanation.", tier, schema.RootElement);
        }
        catch (ArgumentException ex)
        {
            throw new OposException(ExitCodes.Usage, ex.Message);
        }
    }
}
