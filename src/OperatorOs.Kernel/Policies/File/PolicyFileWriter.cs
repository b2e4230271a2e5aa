using System.Globalization;
using System.Text.Json;

namespace OperatorOs;

/// <summary>Writes a <see cref="PolicyDocument"/> in the policy file's format, so that parsing the output gives an equal document.</summary>
internal static class PolicyFileWriter
{
    public static void Write(Utf8JsonWriter writer, PolicyDocument document)
    {
        writer.WriteStartObject();
        if (document.Schema is not null)
        {
            writer.WriteString(PolicyFileNames.Schema, document.Schema);
        }

        if (document.ShadowMode is { } shadow)
        {
            writer.WriteBoolean(PolicyFileNames.ShadowMode, shadow);
        }

        if (document.TierDefaults.Count > 0)
        {
            writer.WriteStartObject(PolicyFileNames.TierDefaults);
            foreach (KeyValuePair<RiskTier, PolicyVerdict> pair in document.TierDefaults.OrderBy(p => p.Key))
            {
                writer.WriteString(PolicyFileNames.Of(pair.Key), PolicyFileNames.Of(pair.Value));
            }

            writer.WriteEndObject();
        }

        if (document.CapabilityTiers.Count > 0)
        {
            writer.WriteStartObject(PolicyFileNames.CapabilityTiers);
            foreach (KeyValuePair<string, RiskTier> pair in document.CapabilityTiers.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                writer.WriteString(pair.Key, PolicyFileNames.Of(pair.Value));
            }

            writer.WriteEndObject();
        }

        if (document.Grants.Count > 0)
        {
            writer.WriteStartObject(PolicyFileNames.Grants);
            foreach (KeyValuePair<string, AgentGrant> pair in document.Grants.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                writer.WriteStartObject(pair.Key);
                writer.WriteString(PolicyFileNames.Mode, PolicyFileNames.Of(pair.Value.Mode));
                writer.WriteStartArray(PolicyFileNames.Capabilities);
                foreach (string capability in pair.Value.Capabilities)
                {
                    writer.WriteStringValue(capability);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        WriteObjects(writer, PolicyFileNames.AmountThresholds, document.AmountThresholds, static (writer, threshold) =>
        {
            writer.WriteString(PolicyFileNames.Capability, threshold.Capability);
            writer.WriteString(PolicyFileNames.Argument, threshold.Argument);
            if (threshold.Currency is not null)
            {
                writer.WriteString(PolicyFileNames.Currency, threshold.Currency);
            }

            writer.WriteNumber(PolicyFileNames.AutoApproveUpTo, threshold.AutoApproveUpTo);
        });
        WriteObjects(writer, PolicyFileNames.ConfidenceThresholds, document.ConfidenceThresholds, static (writer, threshold) =>
        {
            writer.WriteString(PolicyFileNames.Capability, threshold.Capability);
            writer.WriteNumber(PolicyFileNames.Minimum, threshold.Minimum);
        });

        if (document.Agents.Count > 0)
        {
            writer.WriteStartObject(PolicyFileNames.Agents);
            foreach (AgentDefinition agent in document.Agents.Values.OrderBy(a => a.Name, StringComparer.Ordinal))
            {
                writer.WriteStartObject(agent.Name);
                writer.WriteString(PolicyFileNames.Instructions, agent.Instructions);
                if (agent.Purpose is { } purpose)
                {
                    writer.WriteString(PolicyFileNames.Purpose, purpose);
                }

                WriteStrings(writer, PolicyFileNames.Capabilities, agent.Capabilities);
                if (agent.ModelTier is { } tier)
                {
                    writer.WriteString(PolicyFileNames.ModelTier, tier);
                }

                if (agent.EscalationThreshold is { } threshold)
                {
                    writer.WriteStartObject(PolicyFileNames.Escalation);
                    writer.WriteNumber(PolicyFileNames.ConfidenceThreshold, threshold);
                    if (agent.EscalateTo is { } to)
                    {
                        writer.WriteString(PolicyFileNames.EscalateTo, to);
                    }

                    if (agent.UnreportedConfidence is { } unreported)
                    {
                        writer.WriteNumber(PolicyFileNames.UnreportedConfidence, unreported);
                    }

                    if (agent.EscalateRiskTiers is { } tiers)
                    {
                        // Written even when empty: [] (escalate on confidence alone) differs from leaving the default.
                        writer.WriteStartArray(PolicyFileNames.EscalateRiskTiers);
                        foreach (RiskTier escalated in tiers)
                        {
                            writer.WriteStringValue(PolicyFileNames.Of(escalated));
                        }

                        writer.WriteEndArray();
                    }

                    if (agent.EscalateWhenPolicyHolds is { } held)
                    {
                        writer.WriteBoolean(PolicyFileNames.EscalateWhenPolicyHolds, held);
                    }

                    writer.WriteEndObject();
                }

                WriteStrings(writer, PolicyFileNames.MemoryScopes, agent.MemoryScopes);
                if (agent.ContextTokenBudget is { } budget)
                {
                    writer.WriteNumber(PolicyFileNames.ContextTokenBudget, budget);
                }

                if (agent.MaxToolIterations is { } iterations)
                {
                    writer.WriteNumber(PolicyFileNames.MaxToolIterations, iterations);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        WriteObjects(writer, PolicyFileNames.Budgets, document.Budgets, static (writer, budget) =>
        {
            writer.WriteString(PolicyFileNames.Scope, PolicyFileNames.Of(budget.Scope));
            writer.WriteString(PolicyFileNames.Name, budget.Name);
            writer.WriteString(PolicyFileNames.Period, PolicyFileNames.Of(budget.Period));
            if (budget.MaxTokens is { } tokens)
            {
                writer.WriteNumber(PolicyFileNames.MaxTokens, tokens);
            }

            if (budget.MaxCost is { } cost)
            {
                writer.WriteNumber(PolicyFileNames.MaxCost, cost);
            }
        });
        WriteObjects(writer, PolicyFileNames.RateLimits, document.RateLimits, static (writer, rule) =>
        {
            writer.WriteString(PolicyFileNames.Scope, PolicyFileNames.Of(rule.Scope));
            writer.WriteString(PolicyFileNames.Name, rule.Name);
            writer.WriteNumber(PolicyFileNames.PermitLimit, rule.PermitLimit);
            writer.WriteString(PolicyFileNames.Window, rule.Window.ToString(PolicyFileNames.WindowFormat, CultureInfo.InvariantCulture));
            writer.WriteString(PolicyFileNames.Exceeded, PolicyFileNames.Of(rule.Exceeded));
        });

        if (document.QuietHours is { } quiet)
        {
            writer.WriteStartObject(PolicyFileNames.QuietHours);
            writer.WriteString(PolicyFileNames.TimeZone, quiet.TimeZoneId);
            writer.WriteString(PolicyFileNames.From, quiet.From.ToString(PolicyFileNames.TimeOfDayFormat, CultureInfo.InvariantCulture));
            writer.WriteString(PolicyFileNames.To, quiet.To.ToString(PolicyFileNames.TimeOfDayFormat, CultureInfo.InvariantCulture));
            writer.WriteEndObject();
        }

        if (document.Trust is { } trust)
        {
            writer.WriteStartObject(PolicyFileNames.Trust);
            writer.WriteStartObject(PolicyFileNames.Levels);
            foreach (KeyValuePair<string, AgentTrustLevel> pair in trust.Levels.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                writer.WriteString(pair.Key, PolicyFileNames.Of(pair.Value));
            }

            writer.WriteEndObject();
            if (trust.PromotionThreshold is { } threshold)
            {
                writer.WriteNumber(PolicyFileNames.PromotionThreshold, threshold);
            }

            if (trust.AutoPromote is { } auto)
            {
                writer.WriteBoolean(PolicyFileNames.AutoPromote, auto);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    // Every rule list is an array of objects, left out when empty.
    private static void WriteObjects<T>(Utf8JsonWriter writer, string name, IReadOnlyList<T> items, Action<Utf8JsonWriter, T> writeMembers)
    {
        if (items.Count == 0)
        {
            return;
        }

        writer.WriteStartArray(name);
        foreach (T item in items)
        {
            writer.WriteStartObject();
            writeMembers(writer, item);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        writer.WriteStartArray(name);
        foreach (string value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
