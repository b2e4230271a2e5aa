namespace OperatorOs.Connectors.Billing.Internal;

/// <summary>The ledger's schema, as migrations indexed by the <c>PRAGMA user_version</c> they upgrade from.</summary>
internal static class BillingSchema
{
    /// <summary>The migrations; applying <c>Migrations[v]</c> takes a file from version <c>v</c> to <c>v + 1</c>.</summary>
    public static readonly string[] Migrations =
    [
        """
        CREATE TABLE customers (
            customer_id TEXT PRIMARY KEY NOT NULL,
            name TEXT NOT NULL,
            email TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            token TEXT NOT NULL);
        CREATE TABLE invoice_sequences (
            year INTEGER PRIMARY KEY NOT NULL,
            last_number INTEGER NOT NULL CHECK (last_number > 0));
        CREATE TABLE invoices (
            invoice_number TEXT PRIMARY KEY NOT NULL,
            year INTEGER NOT NULL,
            sequence INTEGER NOT NULL,
            customer_id TEXT NOT NULL REFERENCES customers (customer_id),
            currency TEXT NOT NULL CHECK (length(currency) = 3),
            amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
            description TEXT,
            issued_at TEXT NOT NULL,
            token TEXT NOT NULL UNIQUE,
            UNIQUE (year, sequence));
        CREATE INDEX invoices_by_customer ON invoices (customer_id);
        CREATE TABLE payments (
            payment_id INTEGER PRIMARY KEY AUTOINCREMENT,
            invoice_number TEXT NOT NULL REFERENCES invoices (invoice_number),
            currency TEXT NOT NULL CHECK (length(currency) = 3),
            amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
            reference TEXT,
            recorded_at TEXT NOT NULL,
            token TEXT NOT NULL UNIQUE);
        CREATE INDEX payments_by_invoice ON payments (invoice_number);
        CREATE TABLE refunds (
            refund_id INTEGER PRIMARY KEY AUTOINCREMENT,
            invoice_number TEXT NOT NULL REFERENCES invoices (invoice_number),
            currency TEXT NOT NULL CHECK (length(currency) = 3),
            amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
            reason TEXT,
            recorded_at TEXT NOT NULL,
            token TEXT NOT NULL UNIQUE);
        CREATE INDEX refunds_by_invoice ON refunds (invoice_number);
        CREATE TABLE operations (
            token TEXT PRIMARY KEY NOT NULL,
            capability TEXT NOT NULL,
            summary TEXT NOT NULL,
            completed_at TEXT NOT NULL,
            output TEXT NOT NULL);
        """,
        """
        ALTER TABLE payments ADD COLUMN gateway_id TEXT;
        ALTER TABLE refunds ADD COLUMN gateway_id TEXT;
        ALTER TABLE refunds ADD COLUMN charge_id TEXT;
        CREATE UNIQUE INDEX payments_by_gateway_id ON payments (gateway_id) WHERE gateway_id IS NOT NULL;
        CREATE INDEX refunds_by_charge ON refunds (charge_id) WHERE charge_id IS NOT NULL;
        """,
    ];

    /// <summary>Gets the schema version this build writes.</summary>
    public static int Version => Migrations.Length;
}
