namespace TeachingAssistant.Reporting;

/// <summary>What became of the students' emails.</summary>
internal sealed record ReportMessages(int Total, int AnsweredAutomatically, int QueuedForReview, int RoutedToOperator, int Forwarded, int Unrouted, int Refused, int ToEnrollment, int Failed, int LearnedAnswers);
