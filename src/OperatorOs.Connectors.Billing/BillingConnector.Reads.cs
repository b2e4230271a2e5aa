using Microsoft.Data.Sqlite;
using OperatorOs.Connectors.Billing.Internal;
using OperatorOs.Shared;

namespace OperatorOs.Connectors.Billing;

/// <content>The read: balances of an invoice or a customer.</content>
public sealed partial class BillingConnector
{
    private async Task<OperationResult> BalanceAsync(OperationRequest request, BillingArguments arguments, CancellationToken cancellationToken)
    {
        SqliteConnection connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            IReadOnlyList<InvoiceTotals> balances;
            string subject;
            if (arguments.InvoiceNumber is { } number)
            {
                InvoiceTotals totals = await Ledger.ReadInvoiceTotalsAsync(connection, null, number, cancellationToken).ConfigureAwait(false)
                    ?? throw Refused($"there is no invoice '{number}'");
                balances = [totals];
                subject = $"invoice {number}";
            }
            else
            {
                string customerId = arguments.CustomerId!;
                if (!await Ledger.CustomerExistsAsync(connection, customerId, cancellationToken).ConfigureAwait(false))
                {
                    throw Refused($"there is no customer '{customerId}'");
                }

                balances = await Ledger.ReadCustomerTotalsAsync(connection, customerId, cancellationToken).ConfigureAwait(false);
                subject = $"customer {customerId}";
            }

            var output = JsonOutput.Build(writer =>
            {
                writer.WriteStartObject();
                if (arguments.InvoiceNumber is not null)
                {
                    writer.WriteString("invoiceNumber", arguments.InvoiceNumber);
                }
                else
                {
                    writer.WriteString("customerId", arguments.CustomerId);
                }

                writer.WriteStartArray("balances");
                foreach (InvoiceTotals totals in balances)
                {
                    totals.WriteTo(writer);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            });
            return new OperationResult(request.Token, request.Capability, output, $"Balance of {subject} in {balances.Count} currencies.", _timeProvider.GetUtcNow());
        }
    }
}
