using System.Text.Json;

namespace TeachingAssistant.Tests;

/// <summary>One proposal's path through the kernel, as the journal records it.</summary>
internal sealed record ProposalStory(string Id, string Capability, string Proposer, string Taint, double Confidence, JsonElement Arguments, string? CorrelationId)
{
    public string? Verdict { get; set; }

    public string? Rule { get; set; }

    public string? ApprovedBy { get; set; }

    public string? StartedWithApproval { get; set; }

    public bool Completed { get; set; }

    /// <summary>Gets a value indicating whether the effect ran on the operator's approval of this very proposal.</summary>
    public bool RanOnApproval => Completed && StartedWithApproval is not null && StartedWithApproval == ApprovedBy;

    public decimal Amount => Arguments.TryGetProperty("amount", out JsonElement amount) ? amount.GetDecimal() : 0;
}
