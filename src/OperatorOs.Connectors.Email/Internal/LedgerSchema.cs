namespace OperatorOs.Connectors.Email.Internal;

/// <summary>The ledger's schema, as migrations indexed by the <c>PRAGMA user_version</c> they upgrade from.</summary>
internal static class LedgerSchema
{
    /// <summary>The migrations; applying <c>Migrations[v]</c> takes a file from version <c>v</c> to <c>v + 1</c>.</summary>
    public static readonly string[] Migrations =
    [
        """
        CREATE TABLE operations (
            token TEXT PRIMARY KEY NOT NULL,
            capability TEXT NOT NULL,
            message_id TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('pending', 'in_doubt', 'completed')),
            started_at TEXT NOT NULL,
            prepared TEXT NOT NULL,
            summary TEXT,
            completed_at TEXT,
            output TEXT,
            CHECK ((state = 'completed') = (output IS NOT NULL)));
        CREATE TABLE inbox_cursors (
            mailbox TEXT NOT NULL,
            folder TEXT NOT NULL,
            uid_validity INTEGER NOT NULL,
            last_uid INTEGER NOT NULL,
            PRIMARY KEY (mailbox, folder));
        CREATE TABLE inbox_messages (
            mailbox TEXT NOT NULL,
            message_id TEXT NOT NULL,
            folder TEXT NOT NULL,
            uid_validity INTEGER NOT NULL,
            uid INTEGER NOT NULL,
            received_at TEXT NOT NULL,
            PRIMARY KEY (mailbox, message_id));
        """,
    ];

    /// <summary>Gets the schema version this build writes.</summary>
    public static int Version => Migrations.Length;
}
