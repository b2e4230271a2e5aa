namespace OperatorOs;

/// <summary>The event types the kernel writes, in the order one governed action produces them.</summary>
public static class JournalEventTypes
{
    /// <summary>An intent was received.</summary>
    public const string IntentReceived = "intent.received";

    /// <summary>An intent was routed to an agent or flow.</summary>
    public const string IntentRouted = "intent.routed";

    /// <summary>No route matched an intent; it waits for the operator.</summary>
    public const string IntentUnrouted = "intent.unrouted";

    /// <summary>An agent finished its work on an intent.</summary>
    public const string AgentCompleted = "agent.completed";

    /// <summary>An action was proposed.</summary>
    public const string ProposalCreated = "proposal.created";

    /// <summary>A proposal was refused before policy because it was malformed.</summary>
    public const string ProposalInvalid = "proposal.invalid";

    /// <summary>The policy pipeline decided on a proposal.</summary>
    public const string PolicyDecided = "policy.decided";

    /// <summary>A proposal was queued for the operator.</summary>
    public const string ApprovalRequested = "approval.requested";

    /// <summary>The operator approved a proposal.</summary>
    public const string ApprovalApproved = "approval.approved";

    /// <summary>The operator rejected a proposal.</summary>
    public const string ApprovalRejected = "approval.rejected";

    /// <summary>The executor started an operation.</summary>
    public const string ActionStarted = "action.started";

    /// <summary>An operation completed; the payload holds its outcome.</summary>
    public const string ActionCompleted = "action.completed";

    /// <summary>An operation failed.</summary>
    public const string ActionFailed = "action.failed";

    /// <summary>A proposal was recorded but, in shadow mode, not executed.</summary>
    public const string ActionShadowed = "action.shadowed";

    /// <summary>A memory record was written.</summary>
    public const string MemoryWritten = "memory.written";

    /// <summary>The trust ladder suggests promoting an agent for a capability; the operator confirms.</summary>
    public const string TrustPromotionSuggested = "trust.promotion-suggested";

    /// <summary>An agent was promoted one trust level for a capability.</summary>
    public const string TrustPromoted = "trust.promoted";

    /// <summary>An agent was demoted one trust level for a capability.</summary>
    public const string TrustDemoted = "trust.demoted";

    /// <summary>A model answered an agent: tier, model, tokens (reported or estimated) and cost.</summary>
    public const string ModelCalled = "model.called";

    /// <summary>A model tier failed after its retries (or its circuit is open) and the agent fell back.</summary>
    public const string ModelFailed = "model.failed";

    /// <summary>A model call was not made because it would overrun a budget.</summary>
    public const string ModelBudgetExceeded = "model.budget-exceeded";

    /// <summary>A model reported more tokens or cost than its call reserved against the budgets; the payload names any budget it took past its limit.</summary>
    public const string ModelReservationOverrun = "model.reservation-overrun";

    /// <summary>An agent was unsure and its work moved to a larger tier.</summary>
    public const string AgentEscalated = "agent.escalated";

    /// <summary>A checkpointed agent run continued after the operator decided the approvals it waited on.</summary>
    public const string AgentResumed = "agent.resumed";

    /// <summary>A tool call an agent's model made was refused before it became a proposal (unreadable arguments, a malformed name); the payload names the tool and why.</summary>
    public const string AgentToolCallRefused = "agent.tool-call-refused";

    /// <summary>A tool call an agent's model made again (a round asked again after a crash, an intent delivered again) found the approval
    /// request its first proposal made, so it was not proposed again; the payload names the call, the request, its status and the token.</summary>
    public const string AgentToolCallRepeated = "agent.tool-call-repeated";

    /// <summary>An agent's shadowed proposal was compared with the operator's own action on the same item.</summary>
    public const string ShadowScored = "shadow.scored";

    /// <summary>An intent could not be handled now and waits for the operator.</summary>
    public const string IntentDeferred = "intent.deferred";

    /// <summary>The operator handled a deferred intent and took it off the queue.</summary>
    public const string IntentResolved = "intent.resolved";

    /// <summary>The system became degraded: a model failed or a budget ran out.</summary>
    public const string OperatorDegraded = "operator.degraded";

    /// <summary>The system recovered from degraded operation.</summary>
    public const string OperatorRecovered = "operator.recovered";

    /// <summary>A host started with no chat client registered: agents follow their deterministic strategies or defer their work to the operator.</summary>
    /// <remarks>Journaled once per host process, and only when the journal's latest operator status does not already say offline.</remarks>
    public const string OperatorOffline = "operator.offline";

    /// <summary>A host started with a chat client registered after the journal's latest operator status said offline or degraded.</summary>
    public const string OperatorOnline = "operator.online";
}
