using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>The durable journal in SQLite: appends from any number of callers are group-committed, one transaction per batch.</summary>
/// <remarks>
/// <para>Appenders hand their event to a <see cref="Channel{T}"/>; one writer drains whatever is waiting (up to
/// <see cref="SqliteStorageOptions.MaxJournalBatch"/>), assigns sequence numbers and chain hashes, and commits the batch in
/// one transaction. An append completes only after its batch committed, so an acknowledged event survives a crash.</para>
/// <para>Cancelling an append that is already queued stops the wait, not the write: the event may still be committed.
/// Several processes may append to one file (a host and the operator CLI): each batch reads the head inside its write
/// transaction. <see cref="TailAsync"/> sees other processes' appends within <see cref="SqliteStorageOptions.JournalPollInterval"/>.</para>
/// </remarks>
public sealed class SqliteJournal : Journal, IAsyncDisposable, IDisposable
{
    private const string Columns = "sequence, stream, type, correlation_id, timestamp, payload, payload_hash, previous_hash, hash";

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _timeProvider;
    private readonly SqliteGroupCommit<PendingAppend> _writer;
    private TaskCompletionSource _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Initializes a new instance of the <see cref="SqliteJournal"/> class.</summary>
    /// <param name="database">The storage file.</param>
    /// <param name="timeProvider">The clock that stamps events, or <see langword="null"/> for the system clock.</param>
    /// <exception cref="ArgumentNullException"><paramref name="database"/> is <see langword="null"/>.</exception>
    public SqliteJournal(SqliteDatabase database, TimeProvider? timeProvider = null)
    {
        _database = Throw.IfNull(database);
        _timeProvider = timeProvider ?? TimeProvider.System;
        _writer = new SqliteGroupCommit<PendingAppend>(_database, _database.MaxJournalBatch, Commit, static (pending, error) => pending.Completion.TrySetException(error), AfterBatch);
    }

    /// <inheritdoc/>
    /// <exception cref="SqliteStorageException">The batch could not be committed; the event was not stored.</exception>
    /// <exception cref="ObjectDisposedException">The journal was disposed.</exception>
    public override Task<JournalEvent> AppendAsync(JournalEntry entry, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(entry);
        cancellationToken.ThrowIfCancellationRequested();

        // Serializing and hashing the payload happens on the caller's thread, in parallel; the writer only chains.
        // The stored text is the canonical form that was hashed, so verification can hash exactly what is on disk.
        byte[] canonical = JournalChain.SerializePayload(entry.Payload);
        string? payload = entry.Payload.ValueKind == JsonValueKind.Undefined ? null : Encoding.UTF8.GetString(canonical);
        var pending = new PendingAppend(entry.Stream, entry.Type, entry.CorrelationId, payload, JournalChain.HashCanonicalPayload(canonical)) { Payload = entry.Payload, WantsEvent = true };
        Enqueue(pending);
        return StoredEventAsync(pending, cancellationToken);

        static async Task<JournalEvent> StoredEventAsync(PendingAppend pending, CancellationToken cancellationToken)
        {
            _ = await pending.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            return pending.Stored!;
        }
    }

    /// <inheritdoc/>
    /// <remarks>The bytes are stored as the text they encode, and hashed as they are, on the caller's thread; the writer only chains.</remarks>
    /// <exception cref="SqliteStorageException">The batch could not be committed; the event was not stored.</exception>
    /// <exception cref="ObjectDisposedException">The journal was disposed.</exception>
    protected override ValueTask<long> AppendCanonicalAsync(string stream, string type, ReadOnlyMemory<byte> canonicalPayload, string? correlationId, CancellationToken cancellationToken)
    {
        ReadOnlySpan<byte> canonical = canonicalPayload.Span;
        string? payload = canonical.IsEmpty ? null : Encoding.UTF8.GetString(canonical);
        var pending = new PendingAppend(stream, type, correlationId, payload, JournalChain.HashCanonicalPayload(canonical));
        Enqueue(pending);
        return new ValueTask<long>(pending.Completion.Task.WaitAsync(cancellationToken));
    }

    private void Enqueue(PendingAppend pending) => _writer.Enqueue(pending, nameof(SqliteJournal));

    /// <inheritdoc/>
    public override IAsyncEnumerable<JournalEvent> ReadAsync(long fromSequence = 1, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fromSequence, 1);
        return QueryAsync($"SELECT {Columns} FROM journal WHERE sequence >= $from ORDER BY sequence", command => command.Parameters.AddWithValue("$from", fromSequence), cancellationToken);
    }

    /// <inheritdoc/>
    public override IAsyncEnumerable<JournalEvent> ReadStreamAsync(string stream, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNullOrWhitespace(stream);
        return QueryAsync($"SELECT {Columns} FROM journal WHERE stream = $stream ORDER BY sequence", command => command.Parameters.AddWithValue("$stream", stream), cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Appends through this instance wake the tail at once; appends by other processes sharing the file are found by reading
    /// again every <see cref="SqliteStorageOptions.JournalPollInterval"/>, timed by the journal's <see cref="TimeProvider"/>.
    /// </remarks>
    public override async IAsyncEnumerable<JournalEvent> TailAsync(long fromSequence = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fromSequence, 1);
        long next = fromSequence;
        while (true)
        {
            // Take the signal before reading, so an append that lands during the read is not missed.
            Task appended = Volatile.Read(ref _appended).Task;
            await foreach (JournalEvent journalEvent in ReadAsync(next, cancellationToken).ConfigureAwait(false))
            {
                yield return journalEvent;
                next = journalEvent.Sequence + 1;
            }

            using var poll = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            Task elapsed = Task.Delay(_database.JournalPollInterval, _timeProvider, poll.Token);
            _ = await Task.WhenAny(appended, elapsed).ConfigureAwait(false);
            await poll.CancelAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <inheritdoc/>
    public override Task<int> DropPayloadsAsync(IReadOnlyCollection<string> types, DateTimeOffset appendedBefore, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(types);
        cancellationToken.ThrowIfCancellationRequested();
        if (types.Count == 0)
        {
            return Task.FromResult(0);
        }

        using SqliteConnection connection = _database.Open();
        try
        {
            using SqliteCommand update = connection.CreateCommand();
            var names = new List<string>(types.Count);
            foreach (string type in types)
            {
                string name = $"$t{names.Count}";
                names.Add(name);
                update.Parameters.AddWithValue(name, type);
            }

            update.CommandText = $"UPDATE journal SET payload = NULL WHERE payload IS NOT NULL AND timestamp < $before AND type IN ({string.Join(", ", names)})";
            update.Parameters.AddWithValue("$before", SqliteTime.ToTicks(appendedBefore));
            return Task.FromResult(update.ExecuteNonQuery());
        }
        catch (SqliteException ex)
        {
            throw _database.Translate(ex);
        }
    }

    /// <summary>Stops accepting appends and waits until every queued append is committed or failed.</summary>
    /// <returns>A task that completes when the writer has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async IAsyncEnumerable<JournalEvent> QueryAsync(string sql, Action<SqliteCommand> bind, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using SqliteConnection connection = _database.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        SqliteDataReader reader;
        try
        {
            reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex)
        {
            throw _database.Translate(ex);
        }

        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return ReadEvent(reader);
            }
        }
    }

    /// <summary>Verifies the chain over the rows as stored: each payload is hashed as the bytes on disk, so any change to any column of any event breaks its link.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The result, naming the first broken link if there is one.</returns>
    public override async Task<JournalVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        using SqliteConnection connection = _database.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM journal ORDER BY sequence";
        try
        {
            using SqliteDataReader reader = command.ExecuteReader();
            string previousHash = JournalChain.GenesisHash;
            long expectedSequence = -1;
            long count = 0;
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                JournalEvent e = ReadEvent(reader, tolerant: true);
                string? actualPayloadHash = reader.IsDBNull(5) ? null : JournalChain.HashCanonicalPayload(reader.GetFieldValue<byte[]>(5));
                if (JournalChain.CheckLink(previousHash, expectedSequence, e, actualPayloadHash) is { } problem)
                {
                    return JournalVerification.Broken(count, e.Sequence, problem);
                }

                previousHash = e.Hash;
                expectedSequence = e.Sequence + 1;
                count++;
            }

            return JournalVerification.Intact(count);
        }
        catch (SqliteException ex)
        {
            throw _database.Translate(ex);
        }
    }

    private JournalEvent ReadEvent(SqliteDataReader reader, bool tolerant = false)
    {
        JsonElement payload = default;
        if (!reader.IsDBNull(5))
        {
            try
            {
                using JsonDocument document = JsonDocument.Parse(reader.GetString(5));
                payload = document.RootElement.Clone();
            }
            catch (JsonException ex) when (!tolerant)
            {
                throw new SqliteStorageException(SqliteStorageError.Corrupt, _database.Path, $"the payload of journal event {reader.GetInt64(0)} is not valid JSON; verify the journal.", ex);
            }
            catch (JsonException)
            {
                // Verification reports the broken link from the stored bytes' hash.
            }
        }

        long ticks = reader.GetInt64(4);
        DateTimeOffset timestamp;
        if (ticks >= DateTimeOffset.MinValue.UtcTicks && ticks <= DateTimeOffset.MaxValue.UtcTicks)
        {
            timestamp = SqliteTime.FromTicks(ticks);
        }
        else if (tolerant)
        {
            // No valid instant: the event cannot hash to its stored hash, so verification reports the link as broken.
            timestamp = DateTimeOffset.MinValue;
        }
        else
        {
            throw new SqliteStorageException(SqliteStorageError.Corrupt, _database.Path, $"the timestamp of journal event {reader.GetInt64(0)} is out of range; verify the journal.");
        }

        return new JournalEvent(
            reader.GetInt64(0),
            reader.GetString(1),
            reader.GetString(2),
            payload,
            reader.IsDBNull(3) ? null : reader.GetString(3),
            timestamp,
            reader.GetString(6),
            reader.GetString(7),
            reader.GetString(8));
    }

    // Every batch, committed or not, wakes the readers waiting for appends.
    private void AfterBatch()
    {
        OnAppended();
        Interlocked.Exchange(ref _appended, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    private static (long Sequence, string Hash) ReadHead(SqliteConnection connection, SqliteTransaction transaction)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT sequence, hash FROM journal ORDER BY sequence DESC LIMIT 1";
        using SqliteDataReader reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.GetString(1)) : (0, JournalChain.GenesisHash);
    }

    private void Commit(SqliteConnection connection, List<PendingAppend> batch)
    {
        var stored = new long[batch.Count];
        using (SqliteTransaction transaction = connection.BeginTransaction(deferred: false))
        {
            // The head is read inside the write transaction, every batch: another process (the operator CLI recording a
            // decision) may have appended since the last one, and the write lock keeps it from appending until this commits.
            (long Sequence, string Hash) head = ReadHead(connection, transaction);
            using SqliteCommand insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = $"INSERT INTO journal ({Columns}) VALUES ($sequence, $stream, $type, $correlation, $timestamp, $payload, $payloadHash, $previousHash, $hash)";
            SqliteParameter sequence = insert.Parameters.Add("$sequence", SqliteType.Integer);
            SqliteParameter stream = insert.Parameters.Add("$stream", SqliteType.Text);
            SqliteParameter type = insert.Parameters.Add("$type", SqliteType.Text);
            SqliteParameter correlation = insert.Parameters.Add("$correlation", SqliteType.Text);
            SqliteParameter timestamp = insert.Parameters.Add("$timestamp", SqliteType.Integer);
            SqliteParameter payload = insert.Parameters.Add("$payload", SqliteType.Text);
            SqliteParameter payloadHash = insert.Parameters.Add("$payloadHash", SqliteType.Text);
            SqliteParameter previousHash = insert.Parameters.Add("$previousHash", SqliteType.Text);
            SqliteParameter hash = insert.Parameters.Add("$hash", SqliteType.Text);
            insert.Prepare();

            for (int i = 0; i < batch.Count; i++)
            {
                PendingAppend pending = batch[i];
                long next = head.Sequence + 1;
                DateTimeOffset now = _timeProvider.GetUtcNow();
                string chained = JournalChain.ComputeHash(head.Hash, next, pending.Stream, pending.Type, pending.CorrelationId, now, pending.PayloadHash);

                sequence.Value = next;
                stream.Value = pending.Stream;
                type.Value = pending.Type;
                correlation.Value = (object?)pending.CorrelationId ?? DBNull.Value;
                timestamp.Value = SqliteTime.ToTicks(now);
                payload.Value = (object?)pending.PayloadText ?? DBNull.Value;
                payloadHash.Value = pending.PayloadHash;
                previousHash.Value = head.Hash;
                hash.Value = chained;
                insert.ExecuteNonQuery();

                stored[i] = next;
                if (pending.WantsEvent)
                {
                    pending.Stored = new JournalEvent(next, pending.Stream, pending.Type, pending.Payload, pending.CorrelationId, now, pending.PayloadHash, head.Hash, chained);
                }

                head = (next, chained);
            }

            transaction.Commit();
        }

        // Only now is the batch durable: acknowledge it.
        for (int i = 0; i < batch.Count; i++)
        {
            batch[i].Completion.TrySetResult(stored[i]);
        }
    }

    private sealed class PendingAppend(string stream, string type, string? correlationId, string? payloadText, string payloadHash)
    {
        public string Stream { get; } = stream;

        public string Type { get; } = type;

        public string? CorrelationId { get; } = correlationId;

        public string? PayloadText { get; } = payloadText;

        public string PayloadHash { get; } = payloadHash;

        /// <summary>Gets the parsed payload of an entry, for the stored event an entry's append returns.</summary>
        public JsonElement Payload { get; init; }

        /// <summary>Gets a value indicating whether the appender wants the stored event (an entry), not only its sequence.</summary>
        public bool WantsEvent { get; init; }

        public JournalEvent? Stored { get; set; }

        /// <summary>Gets the completion, with the sequence, once the batch is durable.</summary>
        public TaskCompletionSource<long> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
