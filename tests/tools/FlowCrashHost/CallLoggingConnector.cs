using System.Globalization;
using System.Text;
using System.Text.Json;
using OperatorOs;

/// <summary>
/// Wraps the connector the crash host's flows use and appends one line per call to a log shared by every run of the host:
/// <c>pid, kind, token, detail</c>, tab-separated. Kinds: <c>execute</c> (a call begins), <c>executed</c> (it returned a result),
/// <c>execute-failed</c> (it threw; detail: the exception type), <c>status</c> (an answer; detail: the state) and
/// <c>status-failed</c>. The first execute of a run is announced through a callback, so the crash test can time kills from the
/// moment the host began doing work, past its start-up and the status checks of recovery.
/// </summary>
/// <remarks>
/// Each line is written and flushed to disk before the call goes on (an <c>execute</c> line before the inner call, the others
/// before the answer reaches the runtime), so a SIGKILL loses nothing the runtime saw or the connector was asked. The crash test
/// reads the log to check that the runtime never presents a token again once its operation is known to have completed, and
/// asks the connector first whenever it presents a token a second time; the connector's own dedupe would hide such a repeat.
/// </remarks>
internal sealed class CallLoggingConnector : Connector
{
    private readonly Connector _inner;
    private readonly FileStream _log;
    private readonly Lock _gate = new();
    private readonly string _pid = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
    private Action? _firstExecute;

    public CallLoggingConnector(Connector inner, string logPath, Action firstExecute)
        : base(inner.Name)
    {
        _inner = inner;
        _firstExecute = firstExecute;
        _log = new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
    }

    public override IReadOnlyList<CapabilityDescriptor> Capabilities => _inner.Capabilities;

    public override void ValidateArguments(string capability, JsonElement arguments) => _inner.ValidateArguments(capability, arguments);

    public override async Task<OperationResult> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        string token = request.Token.Value;
        Append("execute", token, request.Capability);
        AnnounceFirstExecute();
        OperationResult result;
        try
        {
            result = await _inner.ExecuteAsync(request, cancellationToken);
        }
        catch (Exception ex)
        {
            Append("execute-failed", token, ex.GetType().Name);
            throw;
        }

        Append("executed", token, result.Capability);
        return result;
    }

    public override async Task<OperationStatus> GetStatusAsync(OperationToken token, CancellationToken cancellationToken = default)
    {
        OperationStatus status;
        try
        {
            status = await _inner.GetStatusAsync(token, cancellationToken);
        }
        catch (Exception ex)
        {
            Append("status-failed", token.Value, ex.GetType().Name);
            throw;
        }

        Append("status", token.Value, status.State.ToString());
        return status;
    }

    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        base.GetService(serviceType, serviceKey) ?? _inner.GetService(serviceType, serviceKey);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            _log.Dispose();
        }

        base.Dispose(disposing);
    }

    private void AnnounceFirstExecute() => Interlocked.Exchange(ref _firstExecute, null)?.Invoke();

    // One write per line with an unbuffered stream opened for append, then fsync: lines from concurrent calls never interleave.
    private void Append(string kind, string token, string detail)
    {
        byte[] line = Encoding.UTF8.GetBytes($"{_pid}\t{kind}\t{token}\t{detail}\n");
        lock (_gate)
        {
            _log.Write(line);
            _log.Flush(flushToDisk: true);
        }
    }
}
