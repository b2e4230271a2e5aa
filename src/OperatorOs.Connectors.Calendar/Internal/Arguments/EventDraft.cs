namespace OperatorOs.Connectors.Calendar.Internal;

/// <summary>The checked arguments of <c>calendar.create</c>.</summary>
internal sealed record EventDraft(
    string Summary,
    string? Description,
    string? Location,
    EventTime Start,
    EventTime End,
    Participant? Organizer,
    IReadOnlyList<Participant> Attendees);
