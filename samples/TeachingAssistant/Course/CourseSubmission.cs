namespace TeachingAssistant.Course;

/// <summary>A student's submission through the course portal.</summary>
/// <param name="Id">The submission's id.</param>
/// <param name="Student">The student's id.</param>
/// <param name="Assignment">The assignment's id as the student gave it (not necessarily a real one).</param>
/// <param name="SubmittedAt">When it arrived.</param>
/// <param name="Content">The submitted text: code, the autograder's line, notes.</param>
/// <param name="TestsPassed">How many tests pass when a person re-runs them, whether or not the autograder's line made it into the text: the simulated operator's knowledge, never the agents'.</param>
internal sealed record CourseSubmission(string Id, string Student, string Assignment, DateTimeOffset SubmittedAt, string Content, int TestsPassed);
