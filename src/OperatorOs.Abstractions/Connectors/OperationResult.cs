using System.Text.Json;

namespace OperatorOs;

/// <summary>Represents what a completed connector operation did.</summary>
/// <param name="Token">The operation's token.</param>
/// <param name="Capability">The capability that was invoked.</param>
/// <param name="Output">The operation's output as JSON.</param>
/// <param name="Summary">One line describing the effect, for the operator and the journal.</param>
/// <param name="CompletedAt">When the effect happened.</param>
public sealed record OperationResult(OperationToken Token, string Capability, JsonElement Output, string Summary, DateTimeOffset CompletedAt);
