namespace TeachingAssistant.Intake;

/// <summary>What the intake did with one message or submission: its <see cref="Intake.Disposition"/>, or that it had been handled before.</summary>
internal sealed record DeskResult(string Disposition, bool AlreadyHandled);
