using System.Text.Json;

namespace OperatorOs;

/// <summary>Scores how alike two argument objects are, from 0 to 1: the mean over every property either has, where equal values score 1, words in common score their overlap, and anything else 0.</summary>
internal static class ArgumentAgreement
{
    public static double Score(JsonElement agent, JsonElement operatorArguments)
    {
        if (agent.ValueKind != JsonValueKind.Object || operatorArguments.ValueKind != JsonValueKind.Object)
        {
            return JsonElement.DeepEquals(agent, operatorArguments) ? 1 : 0;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty property in agent.EnumerateObject())
        {
            names.Add(property.Name);
        }

        foreach (JsonProperty property in operatorArguments.EnumerateObject())
        {
            names.Add(property.Name);
        }

        if (names.Count == 0)
        {
            return 1;
        }

        double total = 0;
        foreach (string name in names)
        {
            if (agent.TryGetProperty(name, out JsonElement a) && operatorArguments.TryGetProperty(name, out JsonElement b))
            {
                total += ScoreValue(a, b);
            }
        }

        return total / names.Count;
    }

    private static double ScoreValue(JsonElement a, JsonElement b)
    {
        if (JsonElement.DeepEquals(a, b))
        {
            return 1;
        }

        if (a.ValueKind == JsonValueKind.String && b.ValueKind == JsonValueKind.String)
        {
            return WordOverlap(a.GetString()!, b.GetString()!);
        }

        return a.ValueKind == JsonValueKind.Object && b.ValueKind == JsonValueKind.Object ? Score(a, b) : 0;
    }

    // Jaccard similarity of the lower-cased words: a reply the operator only touched up still mostly agrees.
    private static double WordOverlap(string a, string b)
    {
        HashSet<string> left = Words(a);
        HashSet<string> right = Words(b);
        if (left.Count == 0 && right.Count == 0)
        {
            return 1;
        }

        int common = left.Count(right.Contains);
        return (double)common / (left.Count + right.Count - common);
    }

    private static HashSet<string> Words(string text)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (string word in text.Split([' ', '\t', '\r', '\n', ',', '.', ';', ':', '!', '?', '"', '(', ')'], StringSplitOptions.RemoveEmptyEntries))
        {
            words.Add(word.ToLowerInvariant());
        }

        return words;
    }
}
