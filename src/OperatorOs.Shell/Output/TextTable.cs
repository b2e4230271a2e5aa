namespace OperatorOs.Shell;

/// <summary>A plain text table: a header row and rows, columns padded to their widest cell.</summary>
internal sealed class TextTable
{
    private const string Gap = "  ";
    private readonly string[] _headers;
    private readonly List<string[]> _rows = [];

    public TextTable(params string[] headers)
    {
        _headers = headers;
    }

    public int Count => _rows.Count;

    public void Add(params string?[] cells)
    {
        var row = new string[_headers.Length];
        for (int i = 0; i < row.Length; i++)
        {
            row[i] = i < cells.Length ? Display.OneLine(cells[i] ?? "-") : "-";
        }

        _rows.Add(row);
    }

    public void WriteTo(TextWriter writer)
    {
        int[] widths = new int[_headers.Length];
        foreach (string[] row in _rows.Prepend(_headers))
        {
            for (int i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        foreach (string[] row in _rows.Prepend(_headers))
        {
            var line = new System.Text.StringBuilder();
            for (int i = 0; i < row.Length; i++)
            {
                // The last column is not padded, so lines carry no trailing spaces.
                _ = line.Append(i == row.Length - 1 ? row[i] : row[i].PadRight(widths[i]) + Gap);
            }

            writer.WriteLine(line.ToString().TrimEnd());
        }
    }
}
