using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace OperatorOs;

/// <summary>Fans approval notifications out to every watcher, each through its own unbounded channel.</summary>
internal sealed class ApprovalNotifier
{
    private readonly Lock _gate = new();
    private readonly List<Channel<ApprovalNotification>> _watchers = [];
    private readonly TimeProvider _timeProvider;

    public ApprovalNotifier(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
    }

    public void Publish(ApprovalRequest request)
    {
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
