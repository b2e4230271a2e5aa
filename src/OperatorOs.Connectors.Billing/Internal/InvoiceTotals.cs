using System.Text.Json;

namespace OperatorOs.Connectors.Billing.Internal;

/// <summary>The amounts of one invoice or of one customer in one currency, in minor units.</summary>
internal sealed record InvoiceTotals(string Currency, long Invoiced, long Paid, long Refunded)
{
    /// <summary>Gets what is still owed: invoiced minus paid plus refunded.</summary>
    public long Outstanding => Invoiced - Paid + Refunded;

    /// <summary>Writes the totals as an object with <c>currency</c>, <c>invoiced</c>, <c>paid</c>, <c>refunded</c> and <c>outstanding</c>.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("currency", Currency);
        writer.WriteNumber("invoiced", Money.FromMinor(Invoiced));
        writer.WriteNumber("paid", Money.FromMinor(Paid));
        writer.WriteNumber("refunded", Money.FromMinor(Refunded));
        writer.WriteNumber("outstanding", Money.FromMinor(Outstanding));
        writer.WriteEndObject();
    }
}
