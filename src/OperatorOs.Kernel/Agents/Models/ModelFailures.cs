using System.Globalization;
using System.Net;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace OperatorOs;

/// <summary>Tells transient provider failures (worth a retry on the same tier) from the rest, and reads the delay a provider asked for.</summary>
internal static class ModelFailures
{
    public const string RetryAfterKey = "Retry-After";

    public static bool IsTransient(Exception exception, ModelOptions options)
    {
        if (exception is BrokenCircuitException or OperationCanceledException)
        {
            return false;
        }

        if (options.IsTransient?.Invoke(exception) == true)
        {
            return true;
        }

        return exception switch
        {
            TimeoutRejectedException or TimeoutException => true,
            HttpRequestException { StatusCode: null } => true,
            HttpRequestException { StatusCode: { } status } => status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500,
            _ => exception.Data.Contains(RetryAfterKey),
        };
    }

    public static TimeSpan? RetryAfter(Exception? exception, ModelOptions options)
    {
        if (exception is null)
        {
            return null;
        }

        if (options.RetryAfter?.Invoke(exception) is { } custom)
        {
            return custom;
        }

        return exception.Data[RetryAfterKey] switch
        {
            TimeSpan delay => delay,
            int seconds => TimeSpan.FromSeconds(seconds),
            double seconds => TimeSpan.FromSeconds(seconds),
            string text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) => TimeSpan.FromSeconds(seconds),
            _ => null,
        };
    }

    public static string Describe(Exception exception) => exception switch
    {
        BrokenCircuitException => "its circuit is open after repeated failures",
        TimeoutRejectedException => "it did not answer in time",
        HttpRequestException { StatusCode: { } status } => $"it answered HTTP {(int)status} ({status})",
        _ => $"{exception.GetType().Name}: {exception.Message}",
    };
}
