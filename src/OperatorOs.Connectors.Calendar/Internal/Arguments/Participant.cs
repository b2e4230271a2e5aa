namespace OperatorOs.Connectors.Calendar.Internal;

/// <summary>A checked organizer or attendee: an email address and an optional display name.</summary>
/// <param name="Email">The address, for example <c>ada@example.com</c>.</param>
/// <param name="Name">The display name, or <see langword="null"/>.</param>
internal sealed record Participant(string Email, string? Name);
