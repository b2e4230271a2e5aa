namespace OperatorOs.Connectors.Calendar.Internal;

/// <summary>The checked arguments of <c>calendar.list</c> and <c>calendar.freebusy</c>: a half-open span of time.</summary>
/// <param name="From">The start, inclusive, in UTC.</param>
/// <param name="To">The end, exclusive, in UTC; after <paramref name="From"/>.</param>
internal sealed record TimeRange(DateTimeOffset From, DateTimeOffset To);
