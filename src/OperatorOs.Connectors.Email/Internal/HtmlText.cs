using System.Text;
using MimeKit.Text;

namespace OperatorOs.Connectors.Email.Internal;

/// <summary>Reduces HTML to its readable text: tags, scripts and styles are dropped, block elements become line breaks.</summary>
internal static class HtmlText
{
    /// <summary>Returns the text of an HTML document.</summary>
    public static string ToPlainText(string html)
    {
        using var reader = new StringReader(html);
        var tokenizer = new HtmlTokenizer(reader);
        var text = new StringBuilder(html.Length / 2);
        int hidden = 0;
        while (tokenizer.ReadNextToken(out HtmlToken? token))
        {
            if (token is HtmlDataToken data && hidden == 0)
            {
                _ = text.Append(data.Data);
            }
            else if (token is HtmlTagToken tag)
            {
                if (tag.Id is HtmlTagId.Script or HtmlTagId.Style or HtmlTagId.Head)
                {
                    hidden = Math.Max(0, hidden + (tag.IsEndTag ? -1 : tag.IsEmptyElement ? 0 : 1));
                }
                else if (tag.Id is HtmlTagId.Br or HtmlTagId.P or HtmlTagId.Div or HtmlTagId.LI or HtmlTagId.TR or HtmlTagId.HR or HtmlTagId.Table or HtmlTagId.BlockQuote
                    or HtmlTagId.H1 or HtmlTagId.H2 or HtmlTagId.H3 or HtmlTagId.H4 or HtmlTagId.H5 or HtmlTagId.H6)
                {
                    _ = text.Append('\n');
                }
            }
        }

        return Tidy(text.ToString());
    }

    private static string Tidy(string text)
    {
        var result = new StringBuilder(text.Length);
        int blankLines = 0;
        foreach (string rawLine in text.Split('\n'))
        {
            string line = string.Join(' ', rawLine.Split([' ', '\t', '\r', '\u00a0'], StringSplitOptions.RemoveEmptyEntries));
            if (line.Length == 0)
            {
                blankLines++;
                continue;
            }

            if (result.Length > 0)
            {
                _ = result.Append(blankLines > 0 ? "\n\n" : "\n");
            }

            _ = result.Append(line);
            blankLines = 0;
        }

        return result.ToString();
    }
}
