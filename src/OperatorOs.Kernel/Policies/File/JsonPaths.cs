namespace OperatorOs;

/// <summary>Builds JSON paths such as <c>$.grants.triage</c> or <c>$.capabilityTiers['mail.send']</c>.</summary>
internal static class JsonPaths
{
    public const string Root = "$";

    public static string Property(string parent, string name)
    {
        bool simple = name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] is '_' or '$');
        foreach (char c in name)
        {
            simple &= char.IsAsciiLetterOrDigit(c) || c is '_' or '$';
        }

        return simple ? $"{parent}.{name}" : $"{parent}['{name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)}']";
    }

    public static string Index(string parent, int index) => $"{parent}[{index}]";
}
