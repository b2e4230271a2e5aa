namespace TeachingAssistant.Reporting;

/// <summary>The enrollment flow's instances at the end of the run, by state (from <c>IFlowRuntime</c>), and how many wait for the operator or failed.</summary>
internal sealed record ReportFlows(int Instances, int Registering, int AwaitingPayment, int Active, int Refunded, int AwaitingApproval, int Failed);
