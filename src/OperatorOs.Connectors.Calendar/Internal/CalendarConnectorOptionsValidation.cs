using System.Net.Mail;

namespace OperatorOs.Connectors.Calendar.Internal;

/// <summary>Checks <see cref="CalendarConnectorOptions"/>; shared by the connector's constructor and the DI registration.</summary>
/// <remarks>Messages name settings, never the password.</remarks>
internal static class CalendarConnectorOptionsValidation
{
    private const string Prefix = nameof(CalendarConnectorOptions) + ".";

    /// <summary>Returns the problems of the options; empty when they are valid.</summary>
    public static List<string> GetFailures(CalendarConnectorOptions options)
    {
        var failures = new List<string>();
        if (options.CalendarUrl is not { } url)
        {
            failures.Add($"{Prefix}{nameof(options.CalendarUrl)} is required.");
        }
        else if (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https"))
        {
            failures.Add($"{Prefix}{nameof(options.CalendarUrl)} must be an absolute http or https URL.");
        }
        else if (!string.IsNullOrEmpty(url.UserInfo))
        {
            failures.Add($"{Prefix}{nameof(options.CalendarUrl)} must not contain user information; set {nameof(options.Username)} and {nameof(options.Password)} instead.");
        }
        else if (!string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment))
        {
            failures.Add($"{Prefix}{nameof(options.CalendarUrl)} must not have a query or a fragment.");
        }

        if (!options.ReadOnly && string.IsNullOrWhiteSpace(options.LedgerPath))
        {
            failures.Add($"{Prefix}{nameof(options.LedgerPath)} is required unless {nameof(options.ReadOnly)} is set: it records the results of create, update and delete per operation token.");
        }

        if (HasControl(options.Username) || (options.Username?.Contains(':', StringComparison.Ordinal) ?? false))
        {
            failures.Add($"{Prefix}{nameof(options.Username)} must not contain ':' or control characters.");
        }

        if (HasControl(options.Password))
        {
            failures.Add($"{Prefix}{nameof(options.Password)} must not contain control characters.");
        }

        if (!string.IsNullOrEmpty(options.Password) && string.IsNullOrEmpty(options.Username))
        {
            failures.Add($"{Prefix}{nameof(options.Password)} is set but {nameof(options.Username)} is not.");
        }

        if (!IsDomain(options.UidDomain))
        {
            failures.Add($"{Prefix}{nameof(options.UidDomain)} must be 1 to 63 letters, digits, dots and hyphens.");
        }

        if (options.DefaultOrganizer is not null && (!MailAddress.TryCreate(options.DefaultOrganizer, out MailAddress? organizer) || HasControl(options.DefaultOrganizer) || organizer.Address.Length > 254))
        {
            failures.Add($"{Prefix}{nameof(options.DefaultOrganizer)} is not an email address.");
        }

        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromDays(1))
        {
            failures.Add($"{Prefix}{nameof(options.Timeout)} must be positive and at most a day; it is {options.Timeout}.");
        }

        if (options.MaxRetryAttempts is < 0 or > CalendarConnectorConstants.MaxRetryAttemptsLimit)
        {
            failures.Add($"{Prefix}{nameof(options.MaxRetryAttempts)} must be between 0 and {CalendarConnectorConstants.MaxRetryAttemptsLimit}; it is {options.MaxRetryAttempts}.");
        }

        if (options.RetryDelay < TimeSpan.Zero || options.MaxRetryAfter < TimeSpan.Zero)
        {
            failures.Add($"{Prefix}{nameof(options.RetryDelay)} and {nameof(options.MaxRetryAfter)} must not be negative.");
        }

        if (options.MaxResponseBytes <= 0)
        {
            failures.Add($"{Prefix}{nameof(options.MaxResponseBytes)} must be positive.");
        }

        if (options.MaxListedEvents is < 1 or > CalendarConnectorConstants.MaxListedEventsLimit)
        {
            failures.Add($"{Prefix}{nameof(options.MaxListedEvents)} must be between 1 and {CalendarConnectorConstants.MaxListedEventsLimit}.");
        }

        return failures;
    }

    private static bool HasControl(string? value) => value is not null && value.Any(char.IsControl);

    private static bool IsDomain(string? value) =>
        value is { Length: > 0 and <= 63 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-');
}
