using TeachingAssistant.Reporting;

namespace TeachingAssistant.Hosting;

/// <summary>The outcome of a run: the process exit code and the report it wrote.</summary>
internal sealed record SemesterResult(int ExitCode, SemesterReport Report);
