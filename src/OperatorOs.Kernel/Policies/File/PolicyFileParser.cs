using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using N = OperatorOs.PolicyFileNames;

namespace OperatorOs;

/// <summary>Parses and validates a policy file by hand (no reflection), collecting every problem with its path, line and column.</summary>
/// <remarks>Either the whole document is valid and returned, or a <see cref="PolicyFileException"/> lists every problem: never a partial policy.</remarks>
internal sealed class PolicyFileParser
{
    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 64,
    };

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 64,
    };

    private static readonly string[] GrantProperties = [N.Mode, N.Capabilities];
    private static readonly string[] GrantRequired = [N.Capabilities];
    private static readonly string[] AmountProperties = [N.Capability, N.Argument, N.Currency, N.AutoApproveUpTo];
    private static readonly string[] AmountRequired = [N.Capability, N.Argument, N.AutoApproveUpTo];
    private static readonly string[] ConfidenceProperties = [N.Capability, N.Minimum];
    private static readonly string[] RateProperties = [N.Scope, N.Name, N.PermitLimit, N.Window, N.Exceeded];
    private static readonly string[] RateRequired = [N.Scope, N.Name, N.PermitLimit, N.Window];
    private static readonly string[] QuietProperties = [N.TimeZone, N.From, N.To];
    private static readonly string[] BudgetProperties = [N.Scope, N.Name, N.Period, N.MaxTokens, N.MaxCost];
    private static readonly string[] BudgetRequired = [N.Scope, N.Name, N.Period];
    private static readonly string[] AgentProperties = [N.Instructions, N.Purpose, N.Capabilities, N.ModelTier, N.Escalation, N.MemoryScopes, N.ContextTokenBudget, N.MaxToolIterations];
    private static readonly string[] AgentRequired = [N.Instructions];
    private static readonly string[] EscalationProperties = [N.ConfidenceThreshold, N.EscalateTo, N.UnreportedConfidence, N.EscalateRiskTiers, N.EscalateWhenPolicyHolds];
    private static readonly string[] EscalationRequired = [N.ConfidenceThreshold];
    private static readonly string[] TrustProperties = [N.Levels, N.PromotionThreshold, N.AutoPromote];

    private readonly JsonPositionMap _map;
    private readonly List<PolicyFileError> _errors = [];

    private PolicyFileParser(JsonPositionMap map)
    {
        _map = map;
    }

    public static PolicyDocument Parse(ReadOnlySpan<byte> utf8, string source)
    {
        if (utf8.StartsWith("\uFEFF"u8))
        {
            utf8 = utf8[3..];
        }

        if (!Utf8.IsValid(utf8))
        {
            (int line, int column) = LineColumnOf(utf8, FirstInvalidByte(utf8));
            throw new PolicyFileException(source, [new PolicyFileError(JsonPaths.Root, line, column, "The file is not valid UTF-8 text.")]);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8.ToArray(), DocumentOptions);
        }
        catch (JsonException ex)
        {
            int line = (int)(ex.LineNumber ?? 0) + 1;
            int column = (int)(ex.BytePositionInLine ?? 0) + 1;
            throw new PolicyFileException(source, [new PolicyFileError(JsonPaths.Root, line, column, "Malformed JSON: " + StripPosition(ex.Message))], ex);
        }

        using (document)
        {
            var map = new JsonPositionMap(utf8, ReaderOptions);
            var parser = new PolicyFileParser(map);
            if (map.UndecodableString is { } bad)
            {
                (int line, int column) = map.Position(bad.Offset);
                throw new PolicyFileException(source, [new PolicyFileError(JsonPaths.Root, line, column, "A string cannot be decoded: " + bad.Message)]);
            }

            foreach ((string path, long offset) in map.Duplicates)
            {
                (int line, int column) = map.Position(offset);
                parser._errors.Add(new PolicyFileError(path, line, column, "The property appears more than once in its object."));
            }

            PolicyDocument result = parser.ReadRoot(document.RootElement);
            if (parser._errors.Count > 0)
            {
                throw new PolicyFileException(source, [.. parser._errors.OrderBy(e => e.Line).ThenBy(e => e.Column)]);
            }

            return result;
        }
    }

    private static string StripPosition(string message)
    {
        int index = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return index < 0 ? message : message[..index];
    }

    private static int FirstInvalidByte(ReadOnlySpan<byte> utf8)
    {
        int offset = 0;
        while (offset < utf8.Length)
        {
            if (System.Text.Rune.DecodeFromUtf8(utf8[offset..], out _, out int consumed) != System.Buffers.OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return offset;
    }

    private static (int Line, int Column) LineColumnOf(ReadOnlySpan<byte> utf8, int offset)
    {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, offset - lineStart + 1);
    }

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private PolicyDocument ReadRoot(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            Error(JsonPaths.Root, $"The policy file must be a JSON object, not {Describe(root)}.");
            return new PolicyDocument();
        }

        string? schema = null;
        bool? shadow = null;
        Dictionary<RiskTier, PolicyVerdict> tierDefaults = [];
        Dictionary<string, RiskTier> capabilityTiers = new(StringComparer.Ordinal);
        Dictionary<string, AgentGrant> grants = new(StringComparer.Ordinal);
        List<AmountThreshold> amounts = [];
        List<ConfidenceThreshold> confidences = [];
        List<RateLimitRule> rates = [];
        QuietHours? quiet = null;
        TrustSettings? trust = null;
        List<ModelBudget> budgets = [];
        Dictionary<string, AgentDefinition> agents = new(StringComparer.Ordinal);

        foreach (JsonProperty property in root.EnumerateObject())
        {
            string path = JsonPaths.Property(JsonPaths.Root, property.Name);
            JsonElement value = property.Value;
            switch (property.Name)
            {
                case N.Schema:
                    schema = AsString(value, path);
                    break;
                case N.ShadowMode:
                    if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
                    {
                        shadow = value.GetBoolean();
                    }
                    else
                    {
                        Error(path, $"Must be true or false, not {Describe(value)}.");
                    }

                    break;
                case N.TierDefaults:
                    ReadTierDefaults(value, path, tierDefaults);
                    break;
                case N.CapabilityTiers:
                    ReadCapabilityTiers(value, path, capabilityTiers);
                    break;
                case N.Grants:
                    ReadGrants(value, path, grants);
                    break;
                case N.AmountThresholds:
                    ReadArray(value, path, (element, itemPath) => ReadAmount(element, itemPath, amounts));
                    break;
                case N.ConfidenceThresholds:
                    ReadArray(value, path, (element, itemPath) => ReadConfidence(element, itemPath, confidences));
                    break;
                case N.RateLimits:
                    ReadArray(value, path, (element, itemPath) => ReadRate(element, itemPath, rates));
                    break;
                case N.QuietHours:
                    quiet = ReadQuietHours(value, path);
                    break;
                case N.Trust:
                    trust = ReadTrust(value, path);
                    break;
                case N.Budgets:
                    ReadArray(value, path, (element, itemPath) => ReadBudget(element, itemPath, budgets));
                    break;
                case N.Agents:
                    ReadAgents(value, path, agents);
                    break;
                default:
                    Error(path, $"Unknown property '{property.Name}'; the policy file allows {string.Join(", ", N.RootProperties)}.");
                    break;
            }
        }

        return new PolicyDocument
        {
            Schema = schema,
            ShadowMode = shadow,
            TierDefaults = tierDefaults,
            CapabilityTiers = capabilityTiers,
            Grants = grants,
            AmountThresholds = amounts,
            ConfidenceThresholds = confidences,
            RateLimits = rates,
            QuietHours = quiet,
            Trust = trust,
            Budgets = budgets,
            Agents = agents,
        };
    }

    private TrustSettings? ReadTrust(JsonElement value, string path)
    {
        if (!CheckObject(value, path, TrustProperties, []))
        {
            return null;
        }

        var levels = new Dictionary<string, AgentTrustLevel>(StringComparer.Ordinal);
        if (Optional(value, path, N.Levels, out JsonElement levelsElement, out string levelsPath) && IsObject(levelsElement, levelsPath))
        {
            foreach (JsonProperty property in levelsElement.EnumerateObject())
            {
                string itemPath = JsonPaths.Property(levelsPath, property.Name);
                string[] parts = property.Name.Split('/');
                if (parts.Length > 2 || !parts.All(IntentName.IsValid))
                {
                    Error(itemPath, $"'{property.Name}' is not 'agent' or 'agent/capability' ({IntentName.Rule}).");
                }
                else if (AsString(property.Value, itemPath) is { } text)
                {
                    if (N.TryParse(text, out AgentTrustLevel level))
                    {
                        levels[property.Name] = level;
                    }
                    else
                    {
                        Error(itemPath, $"'{text}' is not a trust level; use {N.TrustLevels}.");
                    }
                }
            }
        }

        int? threshold = null;
        if (Optional(value, path, N.PromotionThreshold, out JsonElement thresholdElement, out string thresholdPath))
        {
            if (thresholdElement.ValueKind == JsonValueKind.Number && thresholdElement.TryGetInt32(out int n) && n is >= 1 and <= N.MaxPromotionThreshold)
            {
                threshold = n;
            }
            else
            {
                Error(thresholdPath, $"Must be a whole number from 1 to {N.MaxPromotionThreshold}, not {Describe(thresholdElement)}{(thresholdElement.ValueKind == JsonValueKind.Number ? " " + thresholdElement.GetRawText() : string.Empty)}.");
            }
        }

        bool? auto = null;
        if (Optional(value, path, N.AutoPromote, out JsonElement autoElement, out string autoPath))
        {
            if (autoElement.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                auto = autoElement.GetBoolean();
            }
            else
            {
                Error(autoPath, $"Must be true or false, not {Describe(autoElement)}.");
            }
        }

        return new TrustSettings { Levels = levels, PromotionThreshold = threshold, AutoPromote = auto };
    }

    private void ReadTierDefaults(JsonElement value, string path, Dictionary<RiskTier, PolicyVerdict> into)
    {
        if (!IsObject(value, path))
        {
            return;
        }

        foreach (JsonProperty property in value.EnumerateObject())
        {
            string itemPath = JsonPaths.Property(path, property.Name);
            if (!N.TryParse(property.Name, out RiskTier tier))
            {
                Error(itemPath, $"'{property.Name}' is not a risk tier; use {N.Tiers}.");
            }
            else if (AsVerdict(property.Value, itemPath) is { } verdict)
            {
                into[tier] = verdict;
            }
        }
    }

    private void ReadCapabilityTiers(JsonElement value, string path, Dictionary<string, RiskTier> into)
    {
        if (!IsObject(value, path))
        {
            return;
        }

        foreach (JsonProperty property in value.EnumerateObject())
        {
            string itemPath = JsonPaths.Property(path, property.Name);
            if (!IntentName.IsValid(property.Name))
            {
                Error(itemPath, $"'{property.Name}' is not a valid capability name ({IntentName.Rule}).");
            }
            else if (AsString(property.Value, itemPath) is { } text)
            {
                if (N.TryParse(text, out RiskTier tier))
                {
                    into[property.Name] = tier;
                }
                else
                {
                    Error(itemPath, $"'{text}' is not a risk tier; use {N.Tiers}.");
                }
            }
        }
    }

    private void ReadGrants(JsonElement value, string path, Dictionary<string, AgentGrant> into)
    {
        if (!IsObject(value, path))
        {
            return;
        }

        foreach (JsonProperty property in value.EnumerateObject())
        {
            string itemPath = JsonPaths.Property(path, property.Name);
            if (!IntentName.IsValid(property.Name))
            {
                Error(itemPath, $"'{property.Name}' is not a valid agent name ({IntentName.Rule}).");
                continue;
            }

            if (!CheckObject(property.Value, itemPath, GrantProperties, GrantRequired))
            {
                continue;
            }

            GrantMode mode = GrantMode.Extend;
            if (Optional(property.Value, itemPath, N.Mode, out JsonElement modeElement, out string modePath) && AsString(modeElement, modePath) is { } modeText)
            {
                switch (modeText)
                {
                    case "extend":
                        mode = GrantMode.Extend;
                        break;
                    case "replace":
                        mode = GrantMode.Replace;
                        break;
                    default:
                        Error(modePath, $"'{modeText}' is not a grant mode; use 'extend' or 'replace'.");
                        break;
                }
            }

            var capabilities = new List<string>();
            if (Optional(property.Value, itemPath, N.Capabilities, out JsonElement list, out string listPath))
            {
                ReadArray(list, listPath, (element, elementPath) =>
                {
                    if (CapabilityName(element, elementPath) is { } name)
                    {
                        if (capabilities.Contains(name, StringComparer.Ordinal))
                        {
                            Error(elementPath, $"'{name}' is listed twice.");
                        }
                        else
                        {
                            capabilities.Add(name);
                        }
                    }
                });
            }

            into[property.Name] = new AgentGrant(capabilities, mode);
        }
    }

    private void ReadAmount(JsonElement element, string path, List<AmountThreshold> into)
    {
        if (!CheckObject(element, path, AmountProperties, AmountRequired))
        {
            return;
        }

        string? capability = Optional(element, path, N.Capability, out JsonElement c, out string cPath) ? CapabilityName(c, cPath) : null;
        string? argument = null;
        if (Optional(element, path, N.Argument, out JsonElement a, out string aPath) && AsString(a, aPath) is { } argumentText)
        {
            if (argumentText.Length == 0)
            {
                Error(aPath, "The argument name must not be empty.");
            }
            else
            {
                argument = argumentText;
            }
        }

        string? currency = null;
        bool currencyOk = true;
        if (Optional(element, path, N.Currency, out JsonElement cur, out string curPath))
        {
            currency = AsString(cur, curPath);
            if (currency is null || currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper))
            {
                currencyOk = false;
                if (currency is not null)
                {
                    Error(curPath, $"'{currency}' is not an ISO 4217 currency code (three upper-case letters, for example EUR).");
                }
            }
        }

        decimal? limit = null;
        if (Optional(element, path, N.AutoApproveUpTo, out JsonElement l, out string lPath))
        {
            if (l.ValueKind != JsonValueKind.Number || !l.TryGetDecimal(out decimal amount))
            {
                Error(lPath, l.ValueKind == JsonValueKind.Number ? "The number is out of range." : $"Must be a number, not {Describe(l)}.");
            }
            else if (amount < 0)
            {
                Error(lPath, $"Must not be negative, was {amount.ToString(CultureInfo.InvariantCulture)}.");
            }
            else
            {
                limit = amount;
            }
        }

        if (capability is null || argument is null || limit is null || !currencyOk)
        {
            return;
        }

        int existing = into.FindIndex(t => t.Capability == capability);
        if (existing >= 0)
        {
            Error(path, $"'{capability}' already has an amount threshold ({JsonPaths.Index(JsonPaths.Property(JsonPaths.Root, N.AmountThresholds), existing)}); one per capability.");
            return;
        }

        into.Add(new AmountThreshold(capability, argument, currency, limit.Value));
    }

    private void ReadConfidence(JsonElement element, string path, List<ConfidenceThreshold> into)
    {
        if (!CheckObject(element, path, ConfidenceProperties, ConfidenceProperties))
        {
            return;
        }

        string? capability = Optional(element, path, N.Capability, out JsonElement c, out string cPath) ? CapabilityName(c, cPath) : null;
        double? minimum = null;
        if (Optional(element, path, N.Minimum, out JsonElement m, out string mPath))
        {
            if (m.ValueKind != JsonValueKind.Number || !m.TryGetDouble(out double value) || !double.IsFinite(value))
            {
                Error(mPath, $"Must be a number, not {Describe(m)}.");
            }
            else if (value is < 0 or > 1)
            {
                Error(mPath, $"Must be between 0 and 1, was {value.ToString(CultureInfo.InvariantCulture)}.");
            }
            else
            {
                minimum = value;
            }
        }

        if (capability is null || minimum is null)
        {
            return;
        }

        int existing = into.FindIndex(t => t.Capability == capability);
        if (existing >= 0)
        {
            Error(path, $"'{capability}' already has a confidence threshold ({JsonPaths.Index(JsonPaths.Property(JsonPaths.Root, N.ConfidenceThresholds), existing)}); one per capability.");
            return;
        }

        into.Add(new ConfidenceThreshold(capability, minimum.Value));
    }

    private void ReadRate(JsonElement element, string path, List<RateLimitRule> into)
    {
        if (!CheckObject(element, path, RateProperties, RateRequired))
        {
            return;
        }

        RateLimitScope? scope = ReadChoice<RateLimitScope>(element, path, N.Scope, "rate-limit scope", N.Of);

        string? name = Optional(element, path, N.Name, out JsonElement n, out string nPath) ? CapabilityName(n, nPath, "name") : null;

        int? permits = null;
        if (Optional(element, path, N.PermitLimit, out JsonElement p, out string pPath))
        {
            if (p.ValueKind != JsonValueKind.Number || !p.TryGetInt32(out int value))
            {
                Error(pPath, $"Must be a whole number, not {(p.ValueKind == JsonValueKind.Number ? p.GetRawText() : Describe(p))}.");
            }
            else if (value is < 1 or > N.MaxPermitLimit)
            {
                Error(pPath, $"Must be between 1 and {N.MaxPermitLimit}, was {value}.");
            }
            else
            {
                permits = value;
            }
        }

        TimeSpan? window = null;
        if (Optional(element, path, N.Window, out JsonElement w, out string wPath) && AsString(w, wPath) is { } windowText)
        {
            if (!TimeSpan.TryParseExact(windowText, N.WindowFormat, CultureInfo.InvariantCulture, out TimeSpan value))
            {
                Error(wPath, $"'{windowText}' is not a time span; write [d.]hh:mm:ss, for example 00:01:00 for a minute.");
            }
            else if (value <= TimeSpan.Zero || value > N.MaxWindow)
            {
                Error(wPath, $"Must be positive and at most {N.MaxWindow.TotalDays} days, was {windowText}.");
            }
            else
            {
                window = value;
            }
        }

        PolicyVerdict exceeded = PolicyVerdict.NeedsApproval;
        bool exceededOk = true;
        if (Optional(element, path, N.Exceeded, out JsonElement e, out string ePath))
        {
            PolicyVerdict? verdict = AsVerdict(e, ePath);
            if (verdict is PolicyVerdict.NeedsApproval or PolicyVerdict.Deny)
            {
                exceeded = verdict.Value;
            }
            else
            {
                exceededOk = false;
                if (verdict is not null)
                {
                    Error(ePath, "Must be 'needsApproval' or 'deny'.");
                }
            }
        }

        if (scope is null || name is null || permits is null || window is null || !exceededOk)
        {
            return;
        }

        var rule = new RateLimitRule(scope.Value, name, permits.Value, window.Value, exceeded);
        int existing = into.FindIndex(r => r.RuleId == rule.RuleId);
        if (existing >= 0)
        {
            Error(path, $"'{rule.RuleId}' is already defined ({JsonPaths.Index(JsonPaths.Property(JsonPaths.Root, N.RateLimits), existing)}); one limit per scope and name.");
            return;
        }

        into.Add(rule);
    }

    private void ReadAgents(JsonElement value, string path, Dictionary<string, AgentDefinition> into)
    {
        if (!IsObject(value, path))
        {
            return;
        }

        foreach (JsonProperty property in value.EnumerateObject())
        {
            string itemPath = JsonPaths.Property(path, property.Name);
            if (!IntentName.IsValid(property.Name))
            {
                Error(itemPath, $"'{property.Name}' is not a valid agent name ({IntentName.Rule}).");
                continue;
            }

            if (ReadAgent(property.Name, property.Value, itemPath) is { } agent)
            {
                into[property.Name] = agent;
            }
        }
    }

    private AgentDefinition? ReadAgent(string name, JsonElement element, string path)
    {
        if (!CheckObject(element, path, AgentProperties, AgentRequired))
        {
            return null;
        }

        bool ok = true;
        string? instructions = Optional(element, path, N.Instructions, out JsonElement i, out string iPath) ? AsString(i, iPath) : null;
        string? purpose = Optional(element, path, N.Purpose, out JsonElement p, out string pPath) ? AsString(p, pPath) : null;
        string? tier = null;
        if (Optional(element, path, N.ModelTier, out JsonElement t, out string tPath))
        {
            tier = AsString(t, tPath);
            ok &= tier is { Length: > 0 };
            if (tier is "")
            {
                Error(tPath, "Must name a model tier.");
            }
        }

        List<string> capabilities = ReadNames(element, path, N.Capabilities, "capability", ref ok);
        List<string> scopes = [];
        if (Optional(element, path, N.MemoryScopes, out JsonElement m, out string mPath))
        {
            ReadArray(m, mPath, (scope, scopePath) =>
            {
                if (AsString(scope, scopePath) is { Length: > 0 } text)
                {
                    scopes.Add(text);
                }
                else
                {
                    ok = false;
                    if (scope.ValueKind == JsonValueKind.String)
                    {
                        Error(scopePath, "Must name a memory entity or template, e.g. student/{student}.");
                    }
                }
            });
        }

        int? budget = ReadWholeNumber(element, path, N.ContextTokenBudget, 1, 1_000_000, ref ok);
        int? iterations = ReadWholeNumber(element, path, N.MaxToolIterations, 1, 100, ref ok);
        double? threshold = null;
        double? unreported = null;
        string? escalateTo = null;
        List<RiskTier>? escalateTiers = null;
        bool? escalateWhenHeld = null;
        if (Optional(element, path, N.Escalation, out JsonElement e, out string ePath))
        {
            if (!CheckObject(e, ePath, EscalationProperties, EscalationRequired))
            {
                ok = false;
            }
            else
            {
                if (Optional(e, ePath, N.ConfidenceThreshold, out JsonElement c, out string cPath))
                {
                    if (c.ValueKind == JsonValueKind.Number && c.TryGetDouble(out double value) && value is >= 0 and <= 1)
                    {
                        threshold = value;
                    }
                    else
                    {
                        ok = false;
                        Error(cPath, $"Must be a number from 0 to 1, not {(c.ValueKind == JsonValueKind.Number ? c.GetRawText() : Describe(c))}.");
                    }
                }

                if (Optional(e, ePath, N.UnreportedConfidence, out JsonElement u, out string uPath))
                {
                    if (u.ValueKind == JsonValueKind.Number && u.TryGetDouble(out double value) && value is >= 0 and <= 1)
                    {
                        unreported = value;
                    }
                    else
                    {
                        ok = false;
                        Error(uPath, $"Must be a number from 0 to 1, not {(u.ValueKind == JsonValueKind.Number ? u.GetRawText() : Describe(u))}.");
                    }
                }

                if (Optional(e, ePath, N.EscalateTo, out JsonElement to, out string toPath))
                {
                    escalateTo = AsString(to, toPath);
                    ok &= escalateTo is not null;
                }

                if (Optional(e, ePath, N.EscalateRiskTiers, out JsonElement rt, out string rtPath))
                {
                    var tiers = new List<RiskTier>();
                    ReadArray(rt, rtPath, (item, itemPath) =>
                    {
                        if (AsString(item, itemPath) is not { } text)
                        {
                            ok = false;
                        }
                        else if (N.TryParse(text, out RiskTier tier))
                        {
                            tiers.Add(tier);
                        }
                        else
                        {
                            ok = false;
                            Error(itemPath, $"'{text}' is not a risk tier; use {N.Tiers}.");
                        }
                    });
                    escalateTiers = tiers;
                }

                if (Optional(e, ePath, N.EscalateWhenPolicyHolds, out JsonElement held, out string heldPath))
                {
                    if (held.ValueKind is JsonValueKind.True or JsonValueKind.False)
                    {
                        escalateWhenHeld = held.GetBoolean();
                    }
                    else
                    {
                        ok = false;
                        Error(heldPath, $"Must be true or false, not {Describe(held)}.");
                    }
                }
            }
        }

        if (!ok || instructions is null)
        {
            return null;
        }

        return new AgentDefinition(name, instructions)
        {
            Purpose = purpose,
            Capabilities = capabilities,
            ModelTier = tier,
            EscalationThreshold = threshold,
            EscalateTo = escalateTo,
            UnreportedConfidence = unreported,
            EscalateRiskTiers = escalateTiers,
            EscalateWhenPolicyHolds = escalateWhenHeld,
            MemoryScopes = scopes,
            ContextTokenBudget = budget,
            MaxToolIterations = iterations,
        };
    }

    private List<string> ReadNames(JsonElement element, string path, string property, string what, ref bool ok)
    {
        List<string> names = [];
        if (!Optional(element, path, property, out JsonElement array, out string arrayPath))
        {
            return names;
        }

        bool allOk = true;
        ReadArray(array, arrayPath, (item, itemPath) =>
        {
            if (CapabilityName(item, itemPath, what + " name") is not { } name)
            {
                allOk = false;
            }
            else if (names.Contains(name))
            {
                allOk = false;
                Error(itemPath, $"'{name}' is listed twice.");
            }
            else
            {
                names.Add(name);
            }
        });
        ok &= allOk && array.ValueKind == JsonValueKind.Array;
        return names;
    }

    private int? ReadWholeNumber(JsonElement element, string path, string property, int min, int max, ref bool ok)
    {
        if (!Optional(element, path, property, out JsonElement value, out string valuePath))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int n) && n >= min && n <= max)
        {
            return n;
        }

        ok = false;
        Error(valuePath, $"Must be a whole number from {min} to {max}, not {(value.ValueKind == JsonValueKind.Number ? value.GetRawText() : Describe(value))}.");
        return null;
    }

    // An optional string property naming one of an enum's values by its file name; anything else is an error listing the choices.
    private T? ReadChoice<T>(JsonElement element, string path, string property, string what, Func<T, string> nameOf)
        where T : struct, Enum
    {
        if (!Optional(element, path, property, out JsonElement value, out string valuePath) || AsString(value, valuePath) is not { } text)
        {
            return null;
        }

        T[] choices = Enum.GetValues<T>();
        foreach (T choice in choices)
        {
            if (string.Equals(nameOf(choice), text, StringComparison.Ordinal))
            {
                return choice;
            }
        }

        string names = string.Join(" or ", choices.Select(c => $"'{nameOf(c)}'"));
        Error(valuePath, $"'{text}' is not a {what}; use {names}.");
        return null;
    }

    private void ReadBudget(JsonElement element, string path, List<ModelBudget> into)
    {
        if (!CheckObject(element, path, BudgetProperties, BudgetRequired))
        {
            return;
        }

        BudgetScope? scope = ReadChoice<BudgetScope>(element, path, N.Scope, "budget scope", N.Of);

        string? name = null;
        if (Optional(element, path, N.Name, out JsonElement n, out string nPath))
        {
            name = n.ValueKind == JsonValueKind.String && n.GetString() == "*" ? "*" : CapabilityName(n, nPath, "agent or workflow name (or '*')");
        }

        BudgetPeriod? period = ReadChoice<BudgetPeriod>(element, path, N.Period, "budget period", N.Of);

        long? maxTokens = null;
        bool limitsOk = true;
        if (Optional(element, path, N.MaxTokens, out JsonElement t, out string tPath))
        {
            if (t.ValueKind != JsonValueKind.Number || !t.TryGetInt64(out long value) || value < 0)
            {
                limitsOk = false;
                Error(tPath, $"Must be a whole number of tokens, 0 or more, not {(t.ValueKind == JsonValueKind.Number ? t.GetRawText() : Describe(t))}.");
            }
            else
            {
                maxTokens = value;
            }
        }

        decimal? maxCost = null;
        if (Optional(element, path, N.MaxCost, out JsonElement c, out string cPath))
        {
            if (c.ValueKind != JsonValueKind.Number || !c.TryGetDecimal(out decimal value) || value < 0)
            {
                limitsOk = false;
                Error(cPath, $"Must be an amount, 0 or more, not {(c.ValueKind == JsonValueKind.Number ? c.GetRawText() : Describe(c))}.");
            }
            else
            {
                maxCost = value;
            }
        }

        if (limitsOk && maxTokens is null && maxCost is null)
        {
            limitsOk = false;
            Error(path, $"A budget needs '{N.MaxTokens}', '{N.MaxCost}' or both.");
        }

        if (scope is null || name is null || period is null || !limitsOk)
        {
            return;
        }

        int existing = into.FindIndex(b => b.Scope == scope && b.Name == name && b.Period == period);
        if (existing >= 0)
        {
            Error(path, $"The {N.Of(period.Value)} budget of {N.Of(scope.Value)} '{name}' is already defined ({JsonPaths.Index(JsonPaths.Property(JsonPaths.Root, N.Budgets), existing)}).");
            return;
        }

        into.Add(new ModelBudget(scope.Value, name, period.Value) { MaxTokens = maxTokens, MaxCost = maxCost });
    }

    private QuietHours? ReadQuietHours(JsonElement element, string path)
    {
        if (!CheckObject(element, path, QuietProperties, QuietProperties))
        {
            return null;
        }

        string? zone = null;
        if (Optional(element, path, N.TimeZone, out JsonElement z, out string zPath) && AsString(z, zPath) is { } zoneText)
        {
            if (zoneText.Length == 0 || !TimeZoneInfo.TryFindSystemTimeZoneById(zoneText, out _))
            {
                Error(zPath, $"'{zoneText}' is not a time zone this machine knows (use an IANA id such as Europe/Berlin, or UTC).");
            }
            else
            {
                zone = zoneText;
            }
        }

        TimeOnly? from = Optional(element, path, N.From, out JsonElement f, out string fPath) ? TimeOfDay(f, fPath) : null;
        TimeOnly? to = Optional(element, path, N.To, out JsonElement t, out string tPath) ? TimeOfDay(t, tPath) : null;
        if (from is not null && from == to)
        {
            Error(tPath, "The quiet hours must not start and end at the same time.");
            return null;
        }

        return zone is null || from is null || to is null ? null : new QuietHours(zone, from.Value, to.Value);
    }

    private TimeOnly? TimeOfDay(JsonElement element, string path)
    {
        if (AsString(element, path) is not { } text)
        {
            return null;
        }

        if (TimeOnly.TryParseExact(text, N.TimeOfDayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out TimeOnly time))
        {
            return time;
        }

        Error(path, $"'{text}' is not a time of day; write HH:mm, for example 22:00.");
        return null;
    }

    private void ReadArray(JsonElement value, string path, Action<JsonElement, string> read)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            Error(path, $"Must be an array, not {Describe(value)}.");
            return;
        }

        int index = 0;
        foreach (JsonElement element in value.EnumerateArray())
        {
            read(element, JsonPaths.Index(path, index++));
        }
    }

    private bool IsObject(JsonElement value, string path)
    {
        if (value.ValueKind == JsonValueKind.Object)
        {
            return true;
        }

        Error(path, $"Must be an object, not {Describe(value)}.");
        return false;
    }

    private bool CheckObject(JsonElement value, string path, string[] allowed, string[] required)
    {
        if (!IsObject(value, path))
        {
            return false;
        }

        foreach (JsonProperty property in value.EnumerateObject())
        {
            if (Array.IndexOf(allowed, property.Name) < 0)
            {
                Error(JsonPaths.Property(path, property.Name), $"Unknown property '{property.Name}'; allowed here: {string.Join(", ", allowed)}.");
            }
        }

        foreach (string name in required)
        {
            if (!value.TryGetProperty(name, out _))
            {
                Error(path, $"The required property '{name}' is missing.");
            }
        }

        return true;
    }

    private static bool Optional(JsonElement value, string path, string name, out JsonElement property, out string propertyPath)
    {
        propertyPath = JsonPaths.Property(path, name);
        return value.TryGetProperty(name, out property);
    }

    private string? AsString(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            Error(path, $"Must be a string, not {Describe(value)}.");
            return null;
        }

        return value.GetString();
    }

    private PolicyVerdict? AsVerdict(JsonElement value, string path)
    {
        if (AsString(value, path) is not { } text)
        {
            return null;
        }

        if (N.TryParse(text, out PolicyVerdict verdict))
        {
            return verdict;
        }

        Error(path, $"'{text}' is not a decision; use {N.Verdicts}.");
        return null;
    }

    private string? CapabilityName(JsonElement value, string path, string what = "capability name")
    {
        if (AsString(value, path) is not { } text)
        {
            return null;
        }

        if (IntentName.IsValid(text))
        {
            return text;
        }

        Error(path, $"'{text}' is not a valid {what} ({IntentName.Rule}).");
        return null;
    }

    private void Error(string path, string message)
    {
        (int line, int column) = _map.Position(path);
        _errors.Add(new PolicyFileError(path, line, column, message));
    }
}
