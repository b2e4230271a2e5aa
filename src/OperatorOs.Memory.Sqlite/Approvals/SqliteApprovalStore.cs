using Microsoft.Data.Sqlite;
using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>Durable approval requests in SQLite; a decision is an <c>UPDATE ... WHERE status = expected</c>, so two deciders cannot both win.</summary>
/// <remarks>Thread-safe, and safe across processes sharing the file.</remarks>
public sealed class SqliteApprovalStore : ApprovalStore
{
    private readonly SqliteDatabase _database;

    /// <summary>Initializes a new instance of the <see cref="SqliteApprovalStore"/> class.</summary>
    /// <param name="database">The storage file.</param>
    /// <exception cref="ArgumentNullException"><paramref name="database"/> is <see langword="null"/>.</exception>
    public SqliteApprovalStore(SqliteDatabase database)
    {
        _database = Throw.IfNull(database);
    }

    /// <inheritdoc/>
    public override Task AddAsync(ApprovalRequest request, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Run(connection =>
        {
            using SqliteCommand insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO approvals (id, status, created_at, body) VALUES ($id, $status, $createdAt, $body) ON CONFLICT (id) DO NOTHING";
            insert.Parameters.AddWithValue("$id", request.Id);
            insert.Parameters.AddWithValue("$status", (int)request.Status);
            insert.Parameters.AddWithValue("$createdAt", SqliteTime.ToTicks(request.CreatedAt));
            insert.Parameters.AddWithValue("$body", ApprovalRequestCodec.Write(request));
            if (insert.ExecuteNonQuery() == 0)
            {
                throw new InvalidOperationException($"An approval request with id '{request.Id}' already exists.");
            }

            return true;
        }));
    }

    /// <inheritdoc/>
    public override Task<ApprovalRequest?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(id);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Run(connection =>
        {
            using SqliteCommand select = connection.CreateCommand();
            select.CommandText = "SELECT body FROM approvals WHERE id = $id";
            select.Parameters.AddWithValue("$id", id);
            return select.ExecuteScalar() is string body ? ApprovalRequestCodec.Read(body) : null;
        }));
    }

    /// <inheritdoc/>
    public override Task<IReadOnlyList<ApprovalRequest>> ListAsync(ApprovalStatus status, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Run<IReadOnlyList<ApprovalRequest>>(connection =>
        {
            using SqliteCommand select = connection.CreateCommand();
            select.CommandText = "SELECT body FROM approvals WHERE status = $status ORDER BY created_at, id";
            select.Parameters.AddWithValue("$status", (int)status);
            using SqliteDataReader reader = select.ExecuteReader();
            var requests = new List<ApprovalRequest>();
            while (reader.Read())
            {
                requests.Add(ApprovalRequestCodec.Read(reader.GetString(0)));
            }

            return requests;
        }));
    }

    /// <inheritdoc/>
    public override Task<bool> TryUpdateAsync(ApprovalRequest updated, ApprovalStatus expectedStatus, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(updated);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Run(connection =>
        {
            using SqliteCommand update = connection.CreateCommand();
            update.CommandText = "UPDATE approvals SET status = $status, body = $body WHERE id = $id AND status = $expected";
            update.Parameters.AddWithValue("$id", updated.Id);
            update.Parameters.AddWithValue("$status", (int)updated.Status);
            update.Parameters.AddWithValue("$expected", (int)expectedStatus);
            update.Parameters.AddWithValue("$body", ApprovalRequestCodec.Write(updated));
            return update.ExecuteNonQuery() == 1;
        }));
    }

    private T Run<T>(Func<SqliteConnection, T> work)
    {
        using SqliteConnection connection = _database.Open();
        try
        {
            return work(connection);
        }
        catch (SqliteException ex)
        {
            throw _database.Translate(ex);
        }
    }
}
