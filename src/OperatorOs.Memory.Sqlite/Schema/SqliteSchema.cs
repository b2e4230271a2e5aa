namespace OperatorOs;

/// <summary>The storage schema as forward migrations; <c>PRAGMA user_version</c> records how many have been applied.</summary>
internal static class SqliteSchema
{
    /// <summary>The migrations, in order; never edit a shipped one, append a new one.</summary>
    public static readonly string[] Migrations =
    [
        """
        CREATE TABLE journal (
            sequence       INTEGER PRIMARY KEY,
            stream         TEXT    NOT NULL,
            type           TEXT    NOT NULL,
            correlation_id TEXT    NULL,
            timestamp      INTEGER NOT NULL,
            payload        TEXT    NULL,
            payload_hash   TEXT    NOT NULL,
            previous_hash  TEXT    NOT NULL,
            hash           TEXT    NOT NULL
        );
        CREATE INDEX journal_by_stream ON journal (stream, sequence);

        CREATE TABLE memory_records (
            entity      TEXT    NOT NULL,
            attribute   TEXT    NOT NULL,
            version     INTEGER NOT NULL,
            kind        INTEGER NOT NULL,
            value       TEXT    NULL,
            valid_from  INTEGER NOT NULL,
            valid_to    INTEGER NULL,
            recorded_at INTEGER NOT NULL,
            actor_kind  INTEGER NOT NULL,
            actor       TEXT    NOT NULL,
            model_id    TEXT    NULL,
            inputs      TEXT    NOT NULL,
            approval_id TEXT    NULL,
            PRIMARY KEY (entity, attribute, version)
        ) WITHOUT ROWID;
        CREATE INDEX memory_by_recorded ON memory_records (recorded_at);
        CREATE INDEX memory_by_kind ON memory_records (kind, recorded_at);

        CREATE TABLE approvals (
            id         TEXT    PRIMARY KEY,
            status     INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            body       TEXT    NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX approvals_by_status ON approvals (status, created_at, id);
        """,
        """
        CREATE TABLE cache_entries (
            key                 TEXT    PRIMARY KEY,
            value               BLOB    NOT NULL,
            expires_at          INTEGER NULL,
            absolute_expires_at INTEGER NULL,
            sliding_ticks       INTEGER NULL
        ) WITHOUT ROWID;
        CREATE INDEX cache_by_expiry ON cache_entries (expires_at) WHERE expires_at IS NOT NULL;
        """,
        """
        CREATE TABLE vector_collections (
            name     TEXT PRIMARY KEY,
            key_type TEXT NOT NULL,
            shape    TEXT NOT NULL
        ) WITHOUT ROWID;

        -- record_key has no declared type on purpose: no affinity, so integer keys stay integers and text keys stay text.
        CREATE TABLE vector_records (
            id         INTEGER PRIMARY KEY,
            collection TEXT    NOT NULL REFERENCES vector_collections (name) ON DELETE CASCADE,
            record_key         NOT NULL,
            data       TEXT    NOT NULL,
            UNIQUE (collection, record_key)
        );

        CREATE TABLE vector_record_vectors (
            record_id INTEGER NOT NULL REFERENCES vector_records (id) ON DELETE CASCADE,
            property  TEXT    NOT NULL,
            vector    BLOB    NOT NULL,
            PRIMARY KEY (record_id, property)
        ) WITHOUT ROWID;
        """,
    ];

    public static int Version => Migrations.Length;
}
