using System.Globalization;

namespace OperatorOs.Kernel.Tests.Flows;

/// <summary>
/// The calls a connector saw across every run of the crash host, in order, as written by its <c>CallLoggingConnector</c>: one
/// tab-separated line per call, <c>pid, kind, token, detail</c>. It finds work the runtime repeated, which the connector's own
/// dedupe would hide from its records.
/// </summary>
internal sealed class ConnectorCallLog
{
    private ConnectorCallLog(IReadOnlyList<Call> calls)
    {
        Calls = calls;
    }

    public IReadOnlyList<Call> Calls { get; }

    public static ConnectorCallLog Read(string path) => Parse(File.Exists(path) ? File.ReadAllLines(path) : []);

    public static ConnectorCallLog Parse(IEnumerable<string> lines)
    {
        var calls = new List<Call>();
        foreach (string line in lines)
        {
            string[] fields = line.Split('\t');
            if (fields.Length != 4 || !int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            {
                throw new FormatException($"call log line {calls.Count + 1} is malformed: '{line}'");
            }

            calls.Add(new Call(calls.Count + 1, pid, fields[1], fields[2], fields[3]));
        }

        return new ConnectorCallLog(calls);
    }

    /// <summary>Tokens executed while the process that executed them was killed: the call began and never returned.</summary>
    public IEnumerable<Call> Interrupted(int pid)
    {
        var open = new Dictionary<string, Call>(StringComparer.Ordinal);
        foreach (Call call in Calls.Where(c => c.Pid == pid))
        {
            if (call.Kind == "execute")
            {
                open[call.Token] = call;
            }
            else if (call.Kind is "executed" or "execute-failed")
            {
                _ = open.Remove(call.Token);
            }
        }

        return open.Values;
    }

    /// <summary>Counts the tokens presented more than once: their first execute was interrupted or failed, so nobody knew whether it took effect.</summary>
    public int PresentedAgain() =>
        Calls.Where(c => c.Kind == "execute").GroupBy(c => c.Token, StringComparer.Ordinal).Count(g => g.Count() > 1);

    /// <summary>Counts the status answers that found a token's operation completed, so the runtime settled the step without presenting it again.</summary>
    public int SettledByStatus() => Calls.Count(c => c.Kind == "status" && c.Detail == nameof(OperationState.Completed));

    /// <summary>
    /// Every execute the runtime must not have made, with the calls that show it. Per token, an execute is repeated work when an
    /// earlier execute of the token returned a result, or an earlier status answer said Completed; and a token presented before
    /// (its earlier execute may have taken effect before a kill or a failure) may be presented again only after the same process
    /// asked the connector and heard NotFound since that earlier execute.
    /// </summary>
    public IReadOnlyList<string> RepeatedWork()
    {
        var problems = new List<string>();
        var tokens = new Dictionary<string, TokenHistory>(StringComparer.Ordinal);
        foreach (Call call in Calls)
        {
            if (!tokens.TryGetValue(call.Token, out TokenHistory? history))
            {
                history = new TokenHistory();
                tokens.Add(call.Token, history);
            }

            switch (call.Kind)
            {
                case "execute":
                    if (history.Returned is { } returned)
                    {
                        problems.Add($"{call} executes again after {returned} returned its result");
                    }
                    else if (history.Completed is { } completed)
                    {
                        problems.Add($"{call} executes after {completed} answered that it completed");
                    }
                    else if (history.LastExecute is { } earlier && history.NotFoundSince?.Pid != call.Pid)
                    {
                        problems.Add($"{call} presents the token again after {earlier} without asking the connector first in this process");
                    }

                    history.LastExecute = call;
                    history.NotFoundSince = null;
                    break;

                case "executed":
                    history.Returned ??= call;
                    break;

                case "status" when call.Detail == nameof(OperationState.Completed):
                    history.Completed ??= call;
                    break;

                case "status" when call.Detail == nameof(OperationState.NotFound):
                    history.NotFoundSince = call;
                    break;

                case "status":
                    // InDoubt, or a state this check does not know: it allows no repeat.
                    history.NotFoundSince = null;
                    break;

                case "execute-failed":
                case "status-failed":
                    break;

                default:
                    problems.Add($"{call} has an unknown kind");
                    break;
            }
        }

        return problems;
    }

    internal sealed record Call(int Line, int Pid, string Kind, string Token, string Detail)
    {
        public override string ToString() => $"line {Line} (pid {Pid} {Kind} {Token} {Detail})";
    }

    private sealed class TokenHistory
    {
        public Call? LastExecute { get; set; }

        public Call? Returned { get; set; }

        public Call? Completed { get; set; }

        public Call? NotFoundSince { get; set; }
    }
}
