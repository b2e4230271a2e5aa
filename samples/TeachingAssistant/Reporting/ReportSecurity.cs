namespace TeachingAssistant.Reporting;

/// <summary>Untrusted input, injection attempts, and effects that ran without the approval they needed.</summary>
internal sealed record ReportSecurity(int UntrustedProposals, int InjectionAttempts, int InjectionMail, int InjectionSubmissions, int UnauthorizedEffects, IReadOnlyList<string> Violations);
