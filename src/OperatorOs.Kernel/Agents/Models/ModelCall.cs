using Microsoft.Extensions.AI;

namespace OperatorOs;

/// <summary>What came of asking one tier: a response, or why there is none (a failure, an open circuit, a budget that would overrun).</summary>
internal sealed record ModelCall(ChatResponse? Response, string? Failure, bool OverBudget)
{
    public static ModelCall Answered(ChatResponse response) => new(response, null, false);

    public static ModelCall Failed(string reason) => new(null, reason, false);

    public static ModelCall Refused(string reason) => new(null, reason, true);
}
