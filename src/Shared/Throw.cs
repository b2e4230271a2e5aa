using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace OperatorOs.Shared;

/// <summary>Guard helpers compiled into every OperatorOs package.</summary>
internal static class Throw
{
    /// <summary>Throws <see cref="ArgumentNullException"/> when <paramref name="argument"/> is null.</summary>
    public static T IfNull<T>([NotNull] T? argument, [CallerArgumentExpression(nameof(argument))] string? paramName = null)
    {
        ArgumentNullException.ThrowIfNull(argument, paramName);
        return argument;
    }

    /// <summary>Throws when <paramref name="argument"/> is null, empty or white space.</summary>
    public static string IfNullOrWhitespace([NotNull] string? argument, [CallerArgumentExpression(nameof(argument))] string? paramName = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(argument, paramName);
        return argument;
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when <paramref name="argument"/> is outside [min, max].</summary>
    public static double IfOutOfRange(double argument, double min, double max, [CallerArgumentExpression(nameof(argument))] string? paramName = null)
    {
        if (double.IsNaN(argument) || argument < min || argument > max)
        {
            throw new ArgumentOutOfRangeException(paramName, argument, $"Must be between {min} and {max}.");
        }

        return argument;
    }
}
