namespace OperatorOs;

/// <summary>Specifies where a request to resume a flow instance stands.</summary>
public enum FlowResumeRequestStatus
{
    /// <summary>Recorded; a host resumes the instance at its next poll or start.</summary>
    Requested = 0,

    /// <summary>A host claimed the request and is resuming the instance.</summary>
    Resuming = 1,

    /// <summary>The instance was resumed and is no longer failed.</summary>
    Done = 2,

    /// <summary>The resume failed (unknown instance or version, unreadable journal, or the step failed again); the error says why. It is not retried until requested again.</summary>
    Failed = 3,
}
