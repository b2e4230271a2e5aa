using System.Text.Json;

namespace OperatorOs;

/// <summary>Starts durable flow instances, delivers events to them, and reports where they stand.</summary>
/// <remarks>
/// <para>Every transition is checkpointed in the journal (stream <c>flow/{instanceId}</c>) before a call returns, so an instance
/// survives a crash and resumes where it was. Steps act only through kernel capabilities: each is an <see cref="ActionProposal"/>
/// governed by policy and approvals, with the operation token <see cref="OperationToken.ForFlowStep"/>.</para>
/// <para>Implementations are thread-safe. Instances run in parallel; one instance handles one event at a time.</para>
/// </remarks>
public interface IFlowRuntime
{
    /// <summary>Starts an instance of the latest version of a flow, in its initial state, and runs any automatic transitions.</summary>
    /// <param name="flowName">The flow's name.</param>
    /// <param name="instanceId">The instance id (printable ASCII without spaces, at most 100 characters), or <see langword="null"/> to derive a new one.</param>
    /// <param name="input">The input, a JSON object (kept as <c>data.input</c>), or undefined for none.</param>
    /// <param name="correlationKey">The key that lets events find the instance, for example <c>student/42</c>, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The instance after its start and any automatic transitions.</returns>
    /// <exception cref="ArgumentException">An id, key or the input is malformed.</exception>
    /// <exception cref="UnknownFlowException">No flow has that name.</exception>
    /// <exception cref="FlowInstanceExistsException">An instance has that id, or an unfinished instance of the flow has that correlation key.</exception>
    Task<FlowInstance> StartAsync(string flowName, string? instanceId = null, JsonElement input = default, string? correlationKey = null, CancellationToken cancellationToken = default);

    /// <summary>Delivers an event to an instance and runs the transition it fires, up to its end or an approval wait.</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="trigger">The event name.</param>
    /// <param name="payload">The event's data, or undefined for none; kept as <c>data.events[trigger]</c> when a transition fires.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The instance afterwards; unchanged when no guard held (the event is journaled as ignored).</returns>
    /// <exception cref="FlowInstanceNotFoundException">No instance has that id.</exception>
    /// <exception cref="FlowInstanceFinishedException">The instance reached a terminal state.</exception>
    /// <exception cref="FlowTriggerException">The trigger is unknown, not accepted in the current state, or a transition is under way.</exception>
    Task<FlowInstance> RaiseAsync(string instanceId, string trigger, JsonElement payload = default, CancellationToken cancellationToken = default);

    /// <summary>Delivers an event to the unfinished instance of a flow with a correlation key.</summary>
    /// <param name="flowName">The flow's name.</param>
    /// <param name="correlationKey">The correlation key.</param>
    /// <param name="trigger">The event name.</param>
    /// <param name="payload">The event's data, or undefined for none.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The instance afterwards.</returns>
    /// <exception cref="FlowInstanceNotFoundException">No unfinished instance of the flow has that key.</exception>
    /// <exception cref="FlowInstanceFinishedException">The instance reached a terminal state.</exception>
    /// <exception cref="FlowTriggerException">The trigger is unknown, not accepted in the current state, or a transition is under way.</exception>
    Task<FlowInstance> RaiseAsync(string flowName, string correlationKey, string trigger, JsonElement payload = default, CancellationToken cancellationToken = default);

    /// <summary>Gets an instance.</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The instance, or <see langword="null"/> when none has that id.</returns>
    Task<FlowInstance?> GetAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Lists instances, oldest first.</summary>
    /// <param name="query">The criteria, or <see langword="null"/> for every unfinished instance.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The matching instances.</returns>
    Task<IReadOnlyList<FlowInstance>> ListAsync(FlowQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>Resumes an instance: finishes a transition that was interrupted or failed (re-running its step with the same operation token, after asking the connector whether it already happened), checks a pending approval, and fires due timers.</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The instance afterwards.</returns>
    /// <exception cref="FlowInstanceNotFoundException">No instance has that id.</exception>
    Task<FlowInstance> ResumeAsync(string instanceId, CancellationToken cancellationToken = default);
}
