namespace OperatorOs.Connectors.Mcp.Internal;

/// <summary>Keeps the last lines a server process wrote to standard error, for error messages.</summary>
/// <remarks>Thread-safe: the transport adds lines from its reader thread.</remarks>
internal sealed class StandardErrorTail
{
    private const int MaxLines = 8;
    private const int MaxLineChars = 300;
    private readonly Queue<string> _lines = new();
    private readonly Lock _gate = new();

    /// <summary>Adds a line, dropping the oldest beyond the limit.</summary>
    public void Add(string line)
    {
        lock (_gate)
        {
            _lines.Enqueue(line.Length > MaxLineChars ? line[..MaxLineChars] + "…" : line);
            while (_lines.Count > MaxLines)
            {
                _ = _lines.Dequeue();
            }
        }
    }

    /// <summary>Returns the kept lines joined by " | ", or an empty string.</summary>
    public string Text()
    {
        lock (_gate)
        {
            return string.Join(" | ", _lines);
        }
    }
}
