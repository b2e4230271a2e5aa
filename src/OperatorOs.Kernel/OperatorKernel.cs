using System.Diagnostics;
using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>The kernel: receives intents, routes them, runs their agents, and governs every proposal.</summary>
internal sealed class OperatorKernel : IOperatorKernel
{
    private readonly IntentRouter _router;
    private readonly AgentRegistry _agents;
    private readonly AgentRuntime _runtime;
    private readonly ProposalGovernor _governor;
    private readonly KernelJournal _journal;
    private readonly OperatorOsTelemetry _telemetry;
    private readonly DeferredIntents _deferred;
    private readonly FlowRuntime _flows;
    private readonly AgentOutputs _outputs;

    public OperatorKernel(IntentRouter router, AgentRegistry agents, AgentRuntime runtime, ProposalGovernor governor, KernelJournal journal, OperatorOsTelemetry telemetry, DeferredIntents deferred, FlowRuntime flows, AgentOutputs outputs)
    {
        _outputs = outputs;
        _deferred = deferred;
        _flows = flows;
        _router = router;
        _agents = agents;
        _runtime = runtime;
        _governor = governor;
        _journal = journal;
        _telemetry = telemetry;
    }

    public async Task<IntentResult> SubmitAsync(Intent intent, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(intent);
        using Activity? activity = _telemetry.ActivitySource.StartActivity($"intent {intent.Name}");
        activity?.SetTag("operatoros.intent.name", intent.Name);
        activity?.SetTag("operatoros.intent.trust", intent.Trust.ToString());

        await _journal.IntentReceivedAsync(intent, cancellationToken).ConfigureAwait(false);
        RouteDecision route = await _router.RouteAsync(intent, cancellationToken).ConfigureAwait(false);
        await _journal.IntentRoutedAsync(intent, route, cancellationToken).ConfigureAwait(false);
        _telemetry.RecordRoute(route);
        activity?.SetTag("operatoros.route", route.Target ?? route.Rule);

        if (route.TargetKind == RouteTargetKind.Flow)
        {
            (FlowInstance instance, IReadOnlyList<ProposalResult> proposals) = await _flows.HandleIntentAsync(intent, route.Target!, cancellationToken).ConfigureAwait(false);
            return new IntentResult(intent, route, proposals)
            {
                Response = $"Flow {instance.FlowName} v{instance.FlowVersion}, instance {instance.Id}: state '{instance.State}', {instance.Status}.",
            };
        }

        if (route.TargetKind != RouteTargetKind.Agent || _agents.Find(route.Target!) is not { } role)
        {
            return new IntentResult(intent, route, []);
        }

        AgentRun run = await _runtime.RunAsync(role, intent, cancellationToken).ConfigureAwait(false);
        await _journal.AgentCompletedAsync(intent, role.Name, run.ModelId, run.Response, run.Proposals.Count, cancellationToken).ConfigureAwait(false);
        if (run.ModelId is not null)
        {
            // A model's answer is an output worth keeping; a strategy's line is already in the journal.
            await _outputs.RecordAsync(intent, role.Name, run, cancellationToken).ConfigureAwait(false);
        }

        if (run.DeferredReason is { } reason)
        {
            await _deferred.DeferAsync(intent, role.Name, reason, cancellationToken).ConfigureAwait(false);
        }

        return new IntentResult(intent, route, run.Proposals) { Response = run.Response, DeferredReason = run.DeferredReason, Degraded = run.Degraded };
    }

    public Task<ProposalResult> ProposeAsync(ActionProposal proposal, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(proposal);
        return _governor.GovernAsync(proposal, cancellationToken);
    }

    public async Task<PolicyEvaluation> ExplainAsync(ActionProposal proposal, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(proposal);
        return await _governor.ExplainAsync(proposal, cancellationToken).ConfigureAwait(false);
    }
}
