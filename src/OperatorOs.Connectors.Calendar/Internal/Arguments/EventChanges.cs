namespace OperatorOs.Connectors.Calendar.Internal;

/// <summary>The checked arguments of <c>calendar.update</c>: the event's UID and the fields to change; <see langword="null"/> leaves a field as it is.</summary>
/// <remarks>An empty <see cref="Description"/> or <see cref="Location"/> removes it; <see cref="Attendees"/> replaces the list.</remarks>
internal sealed record EventChanges(
    string Uid,
    string? Summary,
    string? Description,
    string? Location,
    EventTime? Start,
    EventTime? End,
    Participant? Organizer,
    IReadOnlyList<Participant>? Attendees);
