using Microsoft.Extensions.Options;

namespace OperatorOs.Shell;

/// <summary>Turns any failure into an exit code and one line for the operator: never a stack trace.</summary>
internal static class ErrorReport
{
    public static (int ExitCode, string Message) Describe(Exception exception) => exception switch
    {
        OposException e => (e.ExitCode, e.Message),
        SqliteStorageException e => (e.Error switch
        {
            SqliteStorageError.Locked => ExitCodes.DatabaseLocked,
            SqliteStorageError.Corrupt => ExitCodes.DatabaseCorrupt,
            SqliteStorageError.NewerSchema => ExitCodes.DatabaseNewerSchema,
            _ => ExitCodes.DatabaseUnavailable,
        }, e.Message),
        ApprovalNotFoundException e => (ExitCodes.NotFound, e.Message),
        ApprovalStateException e => (ExitCodes.Conflict, e.Message),
        FlowInstanceNotFoundException e => (ExitCodes.NotFound, e.Message),
        FlowInstanceFinishedException e => (ExitCodes.Conflict, $"the flow instance '{e.InstanceId}' is completed (in the state '{e.State}'): there is nothing to resume."),
        ConnectorArgumentException or InvalidProposalException => (ExitCodes.Usage, exception.Message),
        PolicyFileException e => (ExitCodes.PolicyInvalid, e.Errors.Count switch
        {
            0 => $"policy file '{e.FilePath}' is invalid.",
            1 => $"policy file '{e.FilePath}' is invalid: {e.Errors[0]}",
            _ => $"policy file '{e.FilePath}' is invalid: {e.Errors[0]} (and {e.Errors.Count - 1} more; 'opos policy validate' lists them).",
        }),
        OptionsValidationException e => (ExitCodes.PolicyInvalid, string.Join("; ", e.Failures)),
        OperationCanceledException => (ExitCodes.Cancelled, "cancelled."),
        _ => (ExitCodes.Error, $"unexpected error ({exception.GetType().Name}): {exception.Message}"),
    };

    /// <summary>Makes a message one line, whatever the exception put in it.</summary>
    public static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
