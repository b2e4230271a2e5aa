using System.Text.Json;
using OperatorOs;

// Appends to a SQLite journal from several writers until killed, printing "ack <sequence> <writer> <n>" after each
// acknowledged append. The crash test kills this process with SIGKILL and checks every printed ack survived.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: JournalCrashHost <database-path> <writers>");
    return 2;
}

var database = new SqliteDatabase(new SqliteStorageOptions { Path = args[0] });
var journal = new SqliteJournal(database);
int writers = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
var output = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
var gate = new Lock();

await Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
{
    for (int n = 0; ; n++)
    {
        using JsonDocument payload = JsonDocument.Parse($$"""{"writer":{{writer}},"n":{{n}}}""");
        JournalEvent stored = await journal.AppendAsync(new JournalEntry($"writer/{writer}", "crash.append", payload.RootElement, null));
        lock (gate)
        {
            output.WriteLine($"ack {stored.Sequence} {writer} {n}");
        }
    }
})));
return 0;
