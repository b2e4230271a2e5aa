namespace OperatorOs;

/// <summary>Who a model call is made for: the agent, its workflow (the intent name), and the intent's correlation for the journal.</summary>
internal sealed record ModelCallScope(string Agent, string Workflow, string CorrelationId, string IntentId);
