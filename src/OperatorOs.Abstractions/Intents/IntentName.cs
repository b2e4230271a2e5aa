namespace OperatorOs;

/// <summary>Validates intent and capability names: lower-case segments separated by dots, such as <c>student.question</c> or <c>files.write</c>.</summary>
public static class IntentName
{
    /// <summary>The maximum length of a name.</summary>
    public const int MaxLength = 128;

    /// <summary>A description of the allowed form, used in error messages.</summary>
    public const string Rule = "lower-case letters, digits, '-' and '_' in dot-separated segments that start with a letter, at most 128 characters";

    /// <summary>Returns whether <paramref name="name"/> has the allowed form.</summary>
    /// <param name="name">The name to check.</param>
    /// <returns><see langword="true"/> when the name is valid.</returns>
    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength)
        {
            return false;
        }

        bool segmentStart = true;
        foreach (char c in name)
        {
            if (segmentStart)
            {
                if (c is < 'a' or > 'z')
                {
                    return false;
                }

                segmentStart = false;
            }
            else if (c == '.')
            {
                segmentStart = true;
            }
            else if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_'))
            {
                return false;
            }
        }

        return !segmentStart;
    }
}
