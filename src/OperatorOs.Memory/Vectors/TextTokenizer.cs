namespace OperatorOs;

/// <summary>Splits text into lower-case terms of letters and digits, the unit of the full-text index.</summary>
internal static class TextTokenizer
{
    /// <summary>Returns the terms of <paramref name="text"/> in order, repeats included.</summary>
    public static List<string> Tokenize(string? text)
    {
        var terms = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            return terms;
        }

        int start = -1;
        for (int i = 0; i <= text.Length; i++)
        {
            bool inWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                terms.Add(text[start..i].ToLowerInvariant());
                start = -1;
            }
        }

        return terms;
    }
}
