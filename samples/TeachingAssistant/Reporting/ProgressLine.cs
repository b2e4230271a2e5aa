namespace TeachingAssistant.Reporting;

/// <summary>The live progress line: rewritten in place with a carriage return on a terminal, one plain line per week otherwise.</summary>
internal sealed class ProgressLine
{
    private readonly TextWriter _output;
    private readonly bool _terminal;
    private readonly bool _quiet;
    private int _width;

    public ProgressLine(TextWriter output, bool terminal, bool quiet)
    {
        _output = output;
        _terminal = terminal;
        _quiet = quiet;
    }

    /// <summary>Shows the state within a week (terminal only: a log file gets the week's line at its end).</summary>
    public void Update(string text)
    {
        if (_quiet || !_terminal)
        {
            return;
        }

        _output.Write('\r' + text.PadRight(_width));
        _width = text.Length;
        _output.Flush();
    }

    /// <summary>Ends the week's line.</summary>
    public void Complete(string text)
    {
        if (_quiet)
        {
            return;
        }

        _output.WriteLine(_terminal ? '\r' + text.PadRight(_width) : text);
        _width = 0;
    }
}
