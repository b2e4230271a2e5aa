using FsCheck;
using FsCheck.Fluent;
using Microsoft.Data.Sqlite;

namespace OperatorOs.Memory.Sqlite.Tests;

/// <summary>Any single-byte change to any stored column of any event breaks the chain at that event.</summary>
public sealed class JournalTamperTests : IDisposable
{
    private static readonly string[] Columns = ["stream", "type", "correlation_id", "timestamp", "payload", "payload_hash", "previous_hash", "hash"];
    private readonly TempDatabases _files = new();

    [Fact]
    public async Task VerifyAsync_AnySingleByteChange_ReportsTheTamperedEvent()
    {
        // One journal of 12 events; each case tampers a copy of its file.
        string original = _files.NewPath();
        await using (var journal = new SqliteJournal(_files.Open(original)))
        {
            for (int i = 0; i < 12; i++)
            {
                await journal.AppendAsync(new JournalEntry($"stream/{i % 3}", "test.event", TestJson.Parse($$"""{"i":{{i}},"text":"héllo wörld {{i}}"}"""), i % 2 == 0 ? $"c{i}" : null), TestContext.Current.CancellationToken);
            }
        }

        SqliteConnection.ClearAllPools();
        Gen<(int Sequence, int Column, int Position, int Bit)> tamper =
            from sequence in Gen.Choose(1, 12)
            from column in Gen.Choose(0, Columns.Length - 1)
            from position in Gen.Choose(0, 10_000)
            from bit in Gen.Choose(0, 7)
            select (sequence, column, position, bit);

        Prop.ForAll(tamper.ToArbitrary(), change => Detects(original, change))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(60));

        // The case that once read an out-of-range timestamp as a crash instead of a broken link.
        Assert.True(Detects(original, (12, 3, 9823, 7)));
    }

    private bool Detects(string original, (int Sequence, int Column, int Position, int Bit) change)
    {
        string copy = _files.NewPath();
        File.Copy(original, copy);
        if (File.Exists(original + "-wal"))
        {
            File.Copy(original + "-wal", copy + "-wal");
        }

        string column = Columns[change.Column];
        using (var connection = new SqliteConnection($"Data Source={copy};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand read = connection.CreateCommand();
            read.CommandText = $"SELECT {column} FROM journal WHERE sequence = $s";
            read.Parameters.AddWithValue("$s", change.Sequence);
            object? value = read.ExecuteScalar();
            if (value is null or DBNull)
            {
                // No bytes to change (a null correlation id); a change from null is covered by the hash of the header.
                value = string.Empty;
            }

            using SqliteCommand write = connection.CreateCommand();
            write.CommandText = $"UPDATE journal SET {column} = $v WHERE sequence = $s";
            write.Parameters.AddWithValue("$s", change.Sequence);
            if (value is long number)
            {
                write.Parameters.AddWithValue("$v", number ^ (1L << (change.Bit + (8 * (change.Position % 8)))));
            }
            else
            {
                byte[] bytes = System.Text.Encoding.UTF8.GetBytes((string)value);
                if (bytes.Length == 0)
                {
                    bytes = [(byte)('a' + change.Bit)];
                }
                else
                {
                    bytes[change.Position % bytes.Length] ^= (byte)(1 << change.Bit);
                }

                write.Parameters.AddWithValue("$v", bytes);
            }

            write.ExecuteNonQuery();
        }

        var journal = new SqliteJournal(_files.Open(copy));
        JournalVerification verification = journal.VerifyAsync(TestContext.Current.CancellationToken).GetAwaiter().GetResult();
        journal.Dispose();
        return !verification.IsIntact && verification.FirstBrokenSequence == change.Sequence;
    }

    public void Dispose() => _files.Dispose();
}
