using System.Text;
using System.Text.Json;
using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>Represents the operator's policy file: tier overrides and defaults, grants, amount and confidence thresholds, rate limits, quiet hours, trust ladder settings and shadow mode.</summary>
/// <remarks>
/// <para>The file only tightens the rules the code declares, except where it says so explicitly: tier defaults and capability
/// tiers replace the code's values, and grants extend (or, with <see cref="GrantMode.Replace"/>, replace) a role's declared grants.
/// Thresholds, rate limits and quiet hours each add a verdict to the pipeline, where the strictest verdict wins.</para>
/// <para>Instances are immutable and safe to share across threads; equality compares every rule, in order.</para>
/// </remarks>
public sealed record PolicyDocument
{
    /// <summary>Gets the <c>$schema</c> reference the file carries, or <see langword="null"/>.</summary>
    public string? Schema { get; init; }

    /// <summary>Gets a value indicating whether the file turns shadow mode on, or <see langword="null"/> when it does not say.</summary>
    /// <remarks>Shadow mode is on when the code or the file turns it on.</remarks>
    public bool? ShadowMode { get; init; }

    /// <summary>Gets the default decision per risk tier; each entry replaces the code's value for that tier.</summary>
    public IReadOnlyDictionary<RiskTier, PolicyVerdict> TierDefaults { get; init; } = new Dictionary<RiskTier, PolicyVerdict>();

    /// <summary>Gets risk tiers that replace the tier a connector declares, keyed by capability name; each entry replaces the code's override.</summary>
    public IReadOnlyDictionary<string, RiskTier> CapabilityTiers { get; init; } = new Dictionary<string, RiskTier>(StringComparer.Ordinal);

    /// <summary>Gets capability grants per agent role name.</summary>
    public IReadOnlyDictionary<string, AgentGrant> Grants { get; init; } = new Dictionary<string, AgentGrant>(StringComparer.Ordinal);

    /// <summary>Gets the amount thresholds, at most one per capability.</summary>
    public IReadOnlyList<AmountThreshold> AmountThresholds { get; init; } = [];

    /// <summary>Gets the confidence thresholds, at most one per capability.</summary>
    public IReadOnlyList<ConfidenceThreshold> ConfidenceThresholds { get; init; } = [];

    /// <summary>Gets the rate limits, at most one per scope and name.</summary>
    public IReadOnlyList<RateLimitRule> RateLimits { get; init; } = [];

    /// <summary>Gets the quiet hours, or <see langword="null"/> when there are none.</summary>
    public QuietHours? QuietHours { get; init; }

    /// <summary>Gets the trust ladder settings, or <see langword="null"/> when the file has none.</summary>
    public TrustSettings? Trust { get; init; }

    /// <summary>Gets the model budgets, checked before every model call in addition to those set in code.</summary>
    public IReadOnlyList<ModelBudget> Budgets { get; init; } = [];

    /// <summary>Gets the agent roles the file declares, by name: each adds a role or replaces the declared settings of one registered in code.</summary>
    public IReadOnlyDictionary<string, AgentDefinition> Agents { get; init; } = new Dictionary<string, AgentDefinition>(StringComparer.Ordinal);

    /// <summary>Parses and validates a policy file.</summary>
    /// <param name="utf8Json">The file's UTF-8 bytes; comments and trailing commas are allowed.</param>
    /// <param name="source">The file path or a description, used in error messages.</param>
    /// <returns>The parsed policy.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is <see langword="null"/>.</exception>
    /// <exception cref="PolicyFileException">The text is not valid JSON or breaks a rule of the schema; every problem is listed with its path, line and column.</exception>
    public static PolicyDocument Parse(ReadOnlySpan<byte> utf8Json, string source = "policy") =>
        PolicyFileParser.Parse(utf8Json, Throw.IfNull(source));

    /// <summary>Parses and validates a policy file.</summary>
    /// <param name="json">The file's text; comments and trailing commas are allowed.</param>
    /// <param name="source">The file path or a description, used in error messages.</param>
    /// <returns>The parsed policy.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="PolicyFileException">The text is not valid JSON or breaks a rule of the schema.</exception>
    public static PolicyDocument Parse(string json, string source = "policy") =>
        Parse(Encoding.UTF8.GetBytes(Throw.IfNull(json)), source);

    /// <summary>Gets the JSON schema of the policy file, as shipped in the package.</summary>
    /// <returns>The schema text.</returns>
    public static string GetJsonSchema()
    {
        using Stream stream = typeof(PolicyDocument).Assembly.GetManifestResourceStream("OperatorOs.policy.schema.json")
            ?? throw new InvalidOperationException("The policy schema resource is missing from the assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>Writes the policy as an indented JSON policy file that <see cref="Parse(string, string)"/> reads back to an equal policy.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Writes the policy as a JSON object.</summary>
    /// <param name="writer">The writer.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is <see langword="null"/>.</exception>
    public void WriteTo(Utf8JsonWriter writer) => PolicyFileWriter.Write(Throw.IfNull(writer), this);

    /// <inheritdoc/>
    public bool Equals(PolicyDocument? other) =>
        other is not null &&
        string.Equals(Schema, other.Schema, StringComparison.Ordinal) &&
        ShadowMode == other.ShadowMode &&
        DictionaryEquals(TierDefaults, other.TierDefaults) &&
        DictionaryEquals(CapabilityTiers, other.CapabilityTiers) &&
        DictionaryEquals(Grants, other.Grants) &&
        AmountThresholds.SequenceEqual(other.AmountThresholds) &&
        ConfidenceThresholds.SequenceEqual(other.ConfidenceThresholds) &&
        Budgets.SequenceEqual(other.Budgets) &&
        DictionaryEquals(Agents, other.Agents) &&
        RateLimits.SequenceEqual(other.RateLimits) &&
        Equals(QuietHours, other.QuietHours) &&
        Equals(Trust, other.Trust);

    /// <inheritdoc/>
    public override int GetHashCode() =>
        HashCode.Combine(ShadowMode, TierDefaults.Count, CapabilityTiers.Count, Grants.Count, AmountThresholds.Count, ConfidenceThresholds.Count, RateLimits.Count, QuietHours);

    private static bool DictionaryEquals<TKey, TValue>(IReadOnlyDictionary<TKey, TValue> left, IReadOnlyDictionary<TKey, TValue> right)
    {
        if (left.Count != right.Count)
        {
            return false;
        }

        foreach (KeyValuePair<TKey, TValue> pair in left)
        {
            if (!right.TryGetValue(pair.Key, out TValue? value) || !EqualityComparer<TValue>.Default.Equals(pair.Value, value))
            {
                return false;
            }
        }

        return true;
    }
}
