using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace OperatorOs;

/// <summary>Fans approval notifications out to every watcher, each through its own unbounded channel, and records decision latency.</summary>
internal sealed class ApprovalNotifier
{
    private readonly Lock _gate = new();
    private readonly List<Channel<ApprovalNotification>> _watchers = [];
    private readonly TimeProvider _timeProvider;
    private readonly OperatorOsTelemetry _telemetry;

    public ApprovalNotifier(TimeProvider timeProvider, OperatorOsTelemetry telemetry)
    {
        _timeProvider = timeProvider;
        _telemetry = telemetry;
    }

    public void Publish(ApprovalRequest request)
    {
        _telemetry.RecordApprovalDecided(request);
        var notification = new ApprovalNotification(request, _timeProvider.GetUtcNow());
        lock (_gate)
        {
            foreach (Channel<ApprovalNotification> watcher in _watchers)
            {
                _ = watcher.Writer.TryWrite(notification);
            }
        }
    }

    public async IAsyncEnumerable<ApprovalNotification> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Channel<ApprovalNotification> channel = Channel.CreateUnbounded<ApprovalNotification>(new UnboundedChannelOptions { SingleReader = true });
        lock (_gate)
        {
            _watchers.Add(channel);
        }

        try
        {
            await foreach (ApprovalNotification notification in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return notification;
            }
        }
        finally
        {
            lock (_gate)
            {
                _watchers.Remove(channel);
            }
        }
    }
}
