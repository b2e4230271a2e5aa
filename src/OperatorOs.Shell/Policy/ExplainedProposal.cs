using System.Text.Json;

namespace OperatorOs.Shell;

/// <summary>The proposal file <c>opos policy explain</c> reads: the proposal to judge, and optionally its capability's risk tier.</summary>
/// <remarks>
/// <code>
/// { "capability": "billing.refund", "arguments": { "amount": 80 }, "proposer": "billing", "proposerKind": "Agent",
///   "confidence": 0.9, "taint": "Untrusted", "rationale": "...", "tier": "Financial" }
/// </code>
/// Only <c>capability</c> is required; <c>proposer</c> defaults to "operator" with kind Operator, <c>arguments</c> to {}.
/// </remarks>
internal sealed record ExplainedProposal(ActionProposal Proposal, RiskTier? Tier)
{
    private static readonly string[] Known = ["id", "capability", "arguments", "proposer", "proposerKind", "confidence", "taint", "rationale", "modelId", "tier"];

    public static ExplainedProposal Read(string path, DateTimeOffset now)
    {
        string fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new OposException(ExitCodes.NotFound, $"proposal file '{fullPath}' does not exist.");
        }

        JsonElement root;
        try
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(fullPath), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new OposException(ExitCodes.Usage, $"proposal file '{fullPath}' is not valid JSON: {ex.Message}");
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(fullPath, "$", $"must be a JSON object, not {root.ValueKind}");
        }

        foreach (JsonProperty property in root.EnumerateObject())
        {
            if (!Known.Contains(property.Name, StringComparer.Ordinal))
            {
                throw Invalid(fullPath, "$." + property.Name, $"is not a proposal field; use {string.Join(", ", Known)}");
            }
        }

        string capability = String(root, "capability", fullPath) ?? throw Invalid(fullPath, "$.capability", "is required");
        JsonElement arguments = root.TryGetProperty("arguments", out JsonElement given) ? given : EmptyObject();
        double confidence = 1;
        if (root.TryGetProperty("confidence", out JsonElement c))
        {
            confidence = c.ValueKind == JsonValueKind.Number ? c.GetDouble() : throw Invalid(fullPath, "$.confidence", "must be a number between 0 and 1");
        }

        try
        {
            var proposal = new ActionProposal(String(root, "id", fullPath) ?? "explain", capability, arguments, String(root, "proposer", fullPath) ?? "operator", now)
            {
                ProposerKind = Enum<ActorKind>(root, "proposerKind", fullPath) ?? ActorKind.Operator,
                Confidence = confidence,
                Taint = Enum<TrustLevel>(root, "taint", fullPath) ?? TrustLevel.Internal,
                Rationale = String(root, "rationale", fullPath),
                ModelId = String(root, "modelId", fullPath),
            };
            return new ExplainedProposal(proposal, Enum<RiskTier>(root, "tier", fullPath));
        }
        catch (Exception ex) when (ex is InvalidProposalException or ArgumentException)
        {
            throw new OposException(ExitCodes.Usage, $"proposal file '{fullPath}': {ex.Message}");
        }
    }

    private static JsonElement EmptyObject()
    {
        using JsonDocument document = JsonDocument.Parse("{}");
        return document.RootElement.Clone();
    }

    private static string? String(JsonElement root, string name, string path) =>
        !root.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw Invalid(path, "$." + name, $"must be a string, not {value.ValueKind}");

    private static T? Enum<T>(JsonElement root, string name, string path)
        where T : struct, System.Enum =>
        String(root, name, path) is not { } text ? null
        : System.Enum.TryParse(text, ignoreCase: true, out T value) && System.Enum.IsDefined(value) ? value
        : throw Invalid(path, "$." + name, $"'{text}' is not one of {string.Join(", ", System.Enum.GetNames<T>())}");

    private static OposException Invalid(string path, string field, string problem) =>
        new(ExitCodes.Usage, $"proposal file '{path}': {field} {problem}.");
}
