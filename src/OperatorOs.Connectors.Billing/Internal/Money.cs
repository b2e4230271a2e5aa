using System.Globalization;

namespace OperatorOs.Connectors.Billing.Internal;

/// <summary>Converts between <see cref="decimal"/> amounts and the integer minor units (cents) the ledger stores.</summary>
/// <remarks>Every currency is treated as having two decimal places; amounts with more significant decimals are rejected.</remarks>
internal static class Money
{
    /// <summary>The number of decimal places every currency may use.</summary>
    public const int Decimals = 2;

    /// <summary>The largest amount one operation may carry, in major units.</summary>
    public const decimal MaxAmount = 999_999_999_999.99m;

    /// <summary>Returns whether a currency code is three upper-case ASCII letters, as ISO 4217 codes are.</summary>
    public static bool IsCurrencyCode(string code) =>
        code.Length == 3 && code[0] is >= 'A' and <= 'Z' && code[1] is >= 'A' and <= 'Z' && code[2] is >= 'A' and <= 'Z';

    /// <summary>Converts an amount to minor units, or returns a problem.</summary>
    public static string? TryToMinor(decimal amount, out long minor)
    {
        minor = 0;
        if (amount <= 0)
        {
            return "the amount must be positive";
        }

        if (amount > MaxAmount)
        {
            return string.Create(CultureInfo.InvariantCulture, $"the amount must be at most {MaxAmount}");
        }

        decimal scaled = amount * 100m;
        if (scaled != decimal.Truncate(scaled))
        {
            return $"the amount has more than {Decimals} decimal places";
        }

        minor = (long)scaled;
        return null;
    }

    /// <summary>Converts minor units to an amount with exactly two decimal places.</summary>
    public static decimal FromMinor(long minor)
    {
        bool negative = minor < 0;
        ulong magnitude = negative ? (ulong)(-minor) : (ulong)minor;
        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), 0, negative, Decimals);
    }
}
