using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using OperatorOs.Connectors.Billing.Internal;
using OperatorOs.Shared;

namespace OperatorOs.Connectors.Billing;

/// <content>The operations with an effect: each in one transaction with its operation record.</content>
public sealed partial class BillingConnector
{
    private async Task<OperationResult> ExecuteEffectAsync(OperationRequest request, BillingArguments arguments, CancellationToken cancellationToken)
    {
        SqliteConnection connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // BEGIN IMMEDIATE: the write lock is taken before the token is checked, so two instances presenting the same token,
            // or two creators of invoices, are serialized by SQLite.
            using SqliteTransaction transaction = connection.BeginTransaction(deferred: false);
            OperationResult? recorded = await OperationRecords.TryReadAsync(connection, transaction, request.Token, cancellationToken).ConfigureAwait(false);
            if (recorded is not null)
            {
                // A token names one operation: presenting it for another capability is a caller's bug, as in every connector.
                return recorded.Capability == request.Capability
                    ? recorded
                    : throw new ConnectorException(Name, $"the token '{request.Token}' was used for '{recorded.Capability}', not '{request.Capability}'", isTransient: false);
            }

            DateTimeOffset now = _timeProvider.GetUtcNow();
            var context = new Effect(connection, transaction, request, arguments, now);
            OperationResult result = request.Capability switch
            {
                CustomerUpsertCapability => await UpsertCustomerAsync(context, cancellationToken).ConfigureAwait(false),
                InvoiceCreateCapability => await CreateInvoiceAsync(context, cancellationToken).ConfigureAwait(false),
                PaymentRecordCapability => await RecordPaymentAsync(context, cancellationToken).ConfigureAwait(false),
                _ => await RefundAsync(context, cancellationToken).ConfigureAwait(false),
            };

            await OperationRecords.WriteAsync(connection, transaction, result, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            transaction.Commit();
            return result;
        }
    }

    private static async Task<OperationResult> UpsertCustomerAsync(Effect effect, CancellationToken cancellationToken)
    {
        BillingArguments a = effect.Arguments;
        bool exists = await effect.ScalarAsync("SELECT COUNT(*) FROM customers WHERE customer_id = $id;", cancellationToken, ("$id", a.CustomerId)).ConfigureAwait(false) is long n && n > 0;
        string now = OperationRecords.Timestamp(effect.Now);
        await effect.ExecuteAsync(
            """
            INSERT INTO customers (customer_id, name, email, created_at, updated_at, token) VALUES ($id, $name, $email, $now, $now, $token)
            ON CONFLICT (customer_id) DO UPDATE SET name = excluded.name, email = excluded.email, updated_at = excluded.updated_at, token = excluded.token;
            """,
            cancellationToken,
            ("$id", a.CustomerId),
            ("$name", a.Name),
            ("$email", a.Email),
            ("$now", now),
            ("$token", effect.Request.Token.Value)).ConfigureAwait(false);

        JsonElement output = JsonOutput.Build(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("customerId", a.CustomerId);
            writer.WriteString("name", a.Name);
            writer.WriteString("email", a.Email);
            writer.WriteBoolean("created", !exists);
            writer.WriteEndObject();
        });
        return effect.Result(output, $"{(exists ? "Updated" : "Created")} customer {a.CustomerId}.");
    }

    private async Task<OperationResult> CreateInvoiceAsync(Effect effect, CancellationToken cancellationToken)
    {
        BillingArguments a = effect.Arguments;
        if (await effect.ScalarAsync("SELECT COUNT(*) FROM customers WHERE customer_id = $id;", cancellationToken, ("$id", a.CustomerId)).ConfigureAwait(false) is not > 0L)
        {
            throw Refused($"there is no customer '{a.CustomerId}'; create it with {CustomerUpsertCapability} first");
        }

        int year = effect.Now.UtcDateTime.Year;
        long sequence = (long)(await effect.ScalarAsync(
            """
            INSERT INTO invoice_sequences (year, last_number) VALUES ($year, 1)
            ON CONFLICT (year) DO UPDATE SET last_number = last_number + 1
            RETURNING last_number;
            """,
            cancellationToken,
            ("$year", year)).ConfigureAwait(false))!;
        string number = string.Create(CultureInfo.InvariantCulture, $"{year:D4}-{sequence:D6}");
        await effect.ExecuteAsync(
            """
            INSERT INTO invoices (invoice_number, year, sequence, customer_id, currency, amount_minor, description, issued_at, token)
            VALUES ($number, $year, $sequence, $customer, $currency, $amount, $description, $now, $token);
            """,
            cancellationToken,
            ("$number", number),
            ("$year", year),
            ("$sequence", sequence),
            ("$customer", a.CustomerId),
            ("$currency", a.Currency),
            ("$amount", a.AmountMinor),
            ("$description", a.Note),
            ("$now", OperationRecords.Timestamp(effect.Now)),
            ("$token", effect.Request.Token.Value)).ConfigureAwait(false);

        decimal amount = Money.FromMinor(a.AmountMinor);
        JsonElement output = JsonOutput.Build(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("invoiceNumber", number);
            writer.WriteString("customerId", a.CustomerId);
            writer.WriteString("currency", a.Currency);
            writer.WriteNumber("amount", amount);
            writer.WriteString("issuedAt", effect.Now);
            writer.WriteEndObject();
        });
        return effect.Result(output, string.Create(CultureInfo.InvariantCulture, $"Issued invoice {number} to {a.CustomerId} for {amount} {a.Currency}."));
    }

    private async Task<OperationResult> RecordPaymentAsync(Effect effect, CancellationToken cancellationToken)
    {
        BillingArguments a = effect.Arguments;
        InvoiceTotals totals = await ReadInvoiceAsync(effect, cancellationToken).ConfigureAwait(false);
        if (a.AmountMinor > totals.Outstanding)
        {
            throw Refused(string.Create(
                CultureInfo.InvariantCulture,
                $"a payment of {Money.FromMinor(a.AmountMinor)} {a.Currency} exceeds the {Money.FromMinor(totals.Outstanding)} {totals.Currency} outstanding on invoice {a.InvoiceNumber}"));
        }

        // The ledger's rule was checked above, inside the transaction; only then does money move.
        GatewayCharge? charge = null;
        if (_gateway is not null)
        {
            charge = await _gateway.ChargeAsync(
                new GatewayChargeRequest(effect.Request.Token.Value, a.AmountMinor, a.Currency!, a.PaymentMethod!, a.InvoiceNumber!, a.Note ?? $"Invoice {a.InvoiceNumber}"),
                cancellationToken).ConfigureAwait(false);
            if (charge.AmountMinor != a.AmountMinor || !string.Equals(charge.Currency, a.Currency, StringComparison.Ordinal))
            {
                throw Refused(string.Create(
                    CultureInfo.InvariantCulture,
                    $"the payment gateway's charge {charge.Id} is {Money.FromMinor(charge.AmountMinor)} {charge.Currency}, not {Money.FromMinor(a.AmountMinor)} {a.Currency}; nothing was recorded, check the charge with the provider"));
            }
        }

        await InsertMovementAsync(effect, "payments", "reference", charge?.Id, null, cancellationToken).ConfigureAwait(false);
        InvoiceTotals after = totals with { Paid = totals.Paid + a.AmountMinor };
        return effect.Result(
            MovementOutput(a, after, charge?.Id, null),
            charge is null
                ? string.Create(CultureInfo.InvariantCulture, $"Recorded a payment of {Money.FromMinor(a.AmountMinor)} {a.Currency} on invoice {a.InvoiceNumber}.")
                : string.Create(CultureInfo.InvariantCulture, $"Charged {Money.FromMinor(a.AmountMinor)} {a.Currency} ({charge.Id}) for invoice {a.InvoiceNumber}."));
    }

    private async Task<OperationResult> RefundAsync(Effect effect, CancellationToken cancellationToken)
    {
        BillingArguments a = effect.Arguments;
        InvoiceTotals totals = await ReadInvoiceAsync(effect, cancellationToken).ConfigureAwait(false);
        long refundable = totals.Paid - totals.Refunded;
        if (a.AmountMinor > refundable)
        {
            throw Refused(string.Create(
                CultureInfo.InvariantCulture,
                $"a refund of {Money.FromMinor(a.AmountMinor)} {a.Currency} exceeds the {Money.FromMinor(refundable)} {totals.Currency} paid and not yet refunded on invoice {a.InvoiceNumber}"));
        }

        GatewayRefund? refund = null;
        if (_gateway is not null)
        {
            string chargeId = await ChooseChargeAsync(effect, cancellationToken).ConfigureAwait(false);
            refund = await _gateway.RefundAsync(
                new GatewayRefundRequest(effect.Request.Token.Value, chargeId, a.AmountMinor, a.Currency!, a.InvoiceNumber!, a.Note),
                cancellationToken).ConfigureAwait(false);
            if (refund.AmountMinor != a.AmountMinor)
            {
                throw Refused(string.Create(
                    CultureInfo.InvariantCulture,
                    $"the payment gateway's refund {refund.Id} is {Money.FromMinor(refund.AmountMinor)}, not {Money.FromMinor(a.AmountMinor)} {a.Currency}; nothing was recorded, check the refund with the provider"));
            }
        }

        await InsertMovementAsync(effect, "refunds", "reason", refund?.Id, refund?.ChargeId, cancellationToken).ConfigureAwait(false);
        InvoiceTotals after = totals with { Refunded = totals.Refunded + a.AmountMinor };
        return effect.Result(
            MovementOutput(a, after, refund?.Id, refund?.ChargeId),
            refund is null
                ? string.Create(CultureInfo.InvariantCulture, $"Refunded {Money.FromMinor(a.AmountMinor)} {a.Currency} on invoice {a.InvoiceNumber}.")
                : string.Create(CultureInfo.InvariantCulture, $"Refunded {Money.FromMinor(a.AmountMinor)} {a.Currency} ({refund.Id}) of charge {refund.ChargeId} on invoice {a.InvoiceNumber}."));
    }

    private async Task<InvoiceTotals> ReadInvoiceAsync(Effect effect, CancellationToken cancellationToken)
    {
        BillingArguments a = effect.Arguments;
        InvoiceTotals? totals = await Ledger.ReadInvoiceTotalsAsync(effect.Connection, effect.Transaction, a.InvoiceNumber!, cancellationToken).ConfigureAwait(false)
            ?? throw Refused($"there is no invoice '{a.InvoiceNumber}'");
        if (!string.Equals(totals.Currency, a.Currency, StringComparison.Ordinal))
        {
            throw Refused($"invoice {a.InvoiceNumber} is in {totals.Currency}, not {a.Currency}");
        }

        return totals;
    }

    // A gateway refund goes back to one charge: the one named, or the latest charge of the invoice with enough left to refund.
    private async Task<string> ChooseChargeAsync(Effect effect, CancellationToken cancellationToken)
    {
        BillingArguments a = effect.Arguments;
        const string Remaining = """
            SELECT p.gateway_id, p.amount_minor - COALESCE((SELECT SUM(r.amount_minor) FROM refunds r WHERE r.charge_id = p.gateway_id), 0)
            FROM payments p
            WHERE p.invoice_number = $number AND p.gateway_id IS NOT NULL AND ($charge IS NULL OR p.gateway_id = $charge)
            ORDER BY p.payment_id DESC;
            """;
        var charges = new List<(string Id, long Refundable)>();
        using (SqliteCommand command = effect.Connection.CreateCommand())
        {
            command.Transaction = effect.Transaction;
            command.CommandText = Remaining;
            _ = command.Parameters.AddWithValue("$number", a.InvoiceNumber);
            _ = command.Parameters.AddWithValue("$charge", (object?)a.ChargeId ?? DBNull.Value);
            using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                charges.Add((reader.GetString(0), reader.GetInt64(1)));
            }
        }

        if (a.ChargeId is not null && charges.Count == 0)
        {
            throw Refused($"invoice {a.InvoiceNumber} has no gateway charge '{a.ChargeId}'");
        }

        foreach ((string id, long refundable) in charges)
        {
            if (refundable >= a.AmountMinor)
            {
                return id;
            }
        }

        throw Refused(string.Create(
            CultureInfo.InvariantCulture,
            $"no gateway charge of invoice {a.InvoiceNumber}{(a.ChargeId is null ? string.Empty : $" named '{a.ChargeId}'")} has {Money.FromMinor(a.AmountMinor)} {a.Currency} left to refund (a refund goes back to one charge; split it across charges with chargeId)"));
    }

    private static Task InsertMovementAsync(Effect effect, string table, string noteColumn, string? gatewayId, string? chargeId, CancellationToken cancellationToken) =>
        effect.ExecuteAsync(
            table == "refunds"
                ? $"INSERT INTO refunds (invoice_number, currency, amount_minor, {noteColumn}, recorded_at, token, gateway_id, charge_id) VALUES ($number, $currency, $amount, $note, $now, $token, $gatewayId, $chargeId);"
                : $"INSERT INTO {table} (invoice_number, currency, amount_minor, {noteColumn}, recorded_at, token, gateway_id) VALUES ($number, $currency, $amount, $note, $now, $token, $gatewayId);",
            cancellationToken,
            ("$gatewayId", gatewayId),
            ("$chargeId", chargeId),
            ("$number", effect.Arguments.InvoiceNumber),
            ("$currency", effect.Arguments.Currency),
            ("$amount", effect.Arguments.AmountMinor),
            ("$note", effect.Arguments.Note),
            ("$now", OperationRecords.Timestamp(effect.Now)),
            ("$token", effect.Request.Token.Value));

    private static JsonElement MovementOutput(BillingArguments a, InvoiceTotals totals, string? gatewayId, string? chargeId) => JsonOutput.Build(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("invoiceNumber", a.InvoiceNumber);
        writer.WriteString("currency", a.Currency);
        writer.WriteNumber("amount", Money.FromMinor(a.AmountMinor));
        if (gatewayId is not null)
        {
            writer.WriteString("gatewayId", gatewayId);
        }

        if (chargeId is not null)
        {
            writer.WriteString("chargeId", chargeId);
        }

        writer.WritePropertyName("balance");
        totals.WriteTo(writer);
        writer.WriteEndObject();
    });
}
