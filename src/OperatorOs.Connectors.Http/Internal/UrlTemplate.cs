using System.Text;

namespace OperatorOs.Connectors.Http.Internal;

/// <summary>A parsed URL template: literal text and <c>{name}</c> placeholders; <c>{{</c> and <c>}}</c> are literal braces.</summary>
internal sealed class UrlTemplate
{
    private readonly List<(bool IsPlaceholder, string Text)> _parts;

    private UrlTemplate(string template, List<(bool IsPlaceholder, string Text)> parts)
    {
        Template = template;
        _parts = parts;
        Placeholders = [.. parts.Where(p => p.IsPlaceholder).Select(p => p.Text).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Gets the template text.</summary>
    public string Template { get; }

    /// <summary>Gets the distinct placeholder names, in order of first appearance.</summary>
    public IReadOnlyList<string> Placeholders { get; }

    /// <summary>Parses a template, or returns the problem.</summary>
    public static UrlTemplate? TryParse(string template, out string? problem)
    {
        var parts = new List<(bool, string)>();
        var literal = new StringBuilder();
        for (int i = 0; i < template.Length; i++)
        {
            char c = template[i];
            if (c == '{' && i + 1 < template.Length && template[i + 1] == '{')
            {
                _ = literal.Append('{');
                i++;
            }
            else if (c == '}' && i + 1 < template.Length && template[i + 1] == '}')
            {
                _ = literal.Append('}');
                i++;
            }
            else if (c == '{')
            {
                int end = template.IndexOf('}', i + 1);
                if (end < 0)
                {
                    problem = $"the '{{' at position {i} has no closing '}}'";
                    return null;
                }

                string name = template[(i + 1)..end];
                if (!IsValidName(name))
                {
                    problem = $"the placeholder '{{{name}}}' is not a name (letters, digits and '_', starting with a letter or '_')";
                    return null;
                }

                if (literal.Length > 0)
                {
                    parts.Add((false, literal.ToString()));
                    _ = literal.Clear();
                }

                parts.Add((true, name));
                i = end;
            }
            else if (c == '}')
            {
                problem = $"the '}}' at position {i} has no opening '{{'";
                return null;
            }
            else
            {
                _ = literal.Append(c);
            }
        }

        if (literal.Length > 0)
        {
            parts.Add((false, literal.ToString()));
        }

        problem = null;
        return new UrlTemplate(template, parts);
    }

    /// <summary>Returns whether a placeholder or argument name is well formed.</summary>
    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= 64
        && (char.IsAsciiLetter(name[0]) || name[0] == '_')
        && name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_');

    /// <summary>Fills the placeholders with URL-encoded values.</summary>
    public string Expand(IReadOnlyDictionary<string, string> values)
    {
        var url = new StringBuilder();
        foreach ((bool isPlaceholder, string text) in _parts)
        {
            _ = url.Append(isPlaceholder ? Uri.EscapeDataString(values[text]) : text);
        }

        return url.ToString();
    }
}
