using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace OperatorOs;

/// <summary>Group commit for one kind of write: callers queue their items; one writer drains whatever is waiting (up to a batch size)
/// and hands the batch to a commit function, on a connection of its own, so concurrent writers share a transaction and its fsync.</summary>
/// <typeparam name="T">The queued item: what to write and how to tell its writer the outcome.</typeparam>
/// <remarks>The writer starts with the first item. When the commit function throws, every item of the batch is failed with the
/// exception (a <see cref="SqliteException"/> translated by the database) and the connection is opened afresh for the next batch.</remarks>
internal sealed class SqliteGroupCommit<T> : IAsyncDisposable
    where T : class
{
    private readonly Channel<T> _queue = Channel.CreateUnbounded<T>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SqliteDatabase _database;
    private readonly int _maxBatch;
    private readonly Action<SqliteConnection, List<T>> _commit;
    private readonly Action<T, Exception> _fail;
    private readonly Action? _afterBatch;
    private readonly Lazy<Task> _writer;

    /// <param name="database">The storage file.</param>
    /// <param name="maxBatch">The most items one transaction takes.</param>
    /// <param name="commit">Writes a batch in one transaction and tells each item's writer the outcome.</param>
    /// <param name="fail">Tells an item's writer its batch failed.</param>
    /// <param name="afterBatch">Runs after every batch, committed or not.</param>
    public SqliteGroupCommit(SqliteDatabase database, int maxBatch, Action<SqliteConnection, List<T>> commit, Action<T, Exception> fail, Action? afterBatch = null)
    {
        _database = database;
        _maxBatch = maxBatch;
        _commit = commit;
        _fail = fail;
        _afterBatch = afterBatch;
        _writer = new Lazy<Task>(() => Task.Run(WriteLoopAsync), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Queues an item for the next transaction.</summary>
    /// <param name="item">The item.</param>
    /// <param name="owner">The name of the store, for the exception when it was disposed.</param>
    /// <exception cref="ObjectDisposedException">The store was disposed.</exception>
    public void Enqueue(T item, string owner)
    {
        if (!_queue.Writer.TryWrite(item))
        {
            throw new ObjectDisposedException(owner);
        }

        _ = _writer.Value;
    }

    /// <summary>Stops taking items and waits until the queued ones are written.</summary>
    /// <returns>A task that completes when the writer has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_writer.IsValueCreated)
        {
            await _writer.Value.ConfigureAwait(false);
        }
    }

    private async Task WriteLoopAsync()
    {
        ChannelReader<T> queue = _queue.Reader;
        var batch = new List<T>(_maxBatch);
        SqliteConnection? connection = null;
        try
        {
            while (await queue.WaitToReadAsync().ConfigureAwait(false))
            {
                while (batch.Count < _maxBatch && queue.TryRead(out T? item))
                {
                    batch.Add(item);
                }

                try
                {
                    connection ??= _database.Open();
                    _commit(connection, batch);
                }
                catch (Exception ex)
                {
                    // Nothing of the batch is stored (the transaction rolled back); its writers learn why.
                    Exception error = ex is SqliteException sqlite ? _database.Translate(sqlite) : ex;
                    foreach (T failed in batch)
                    {
                        _fail(failed, error);
                    }

                    connection?.Dispose();
                    connection = null;
                }

                batch.Clear();
                _afterBatch?.Invoke();
            }
        }
        finally
        {
            connection?.Dispose();
        }
    }
}
