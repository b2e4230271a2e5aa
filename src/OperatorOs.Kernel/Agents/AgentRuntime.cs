using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace OperatorOs;

/// <summary>Runs an agent role on an intent: over its <see cref="IChatClient"/> when one is registered, else its deterministic strategy.</summary>
/// <remarks>
/// The model sees the granted capabilities as tool declarations only. Every tool call it makes, granted or not, becomes
/// an <see cref="ActionProposal"/> governed by policy, and the model is told what became of it: a pending approval is
/// reported as pending, never as done.
/// </remarks>
internal sealed class AgentRuntime
{
    private static readonly JsonTypeInfo ArgumentsTypeInfo = AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IDictionary<string, object?>));

    private static readonly JsonElement EmptyArguments = JsonSerializer.SerializeToElement(new Dictionary<string, object?>(), ArgumentsTypeInfo);

    private readonly IServiceProvider _services;
    private readonly ConnectorCatalog _catalog;
    private readonly ProposalGovernor _governor;
    private readonly TimeProvider _timeProvider;
    private readonly IEffectivePolicySource _policy;
    private readonly ModelGateway _gateway;
    private readonly KernelJournal _journal;
    private readonly AgentRunCheckpoints _checkpoints;
    private readonly ApprovalStore _approvals;

    public AgentRuntime(
        IServiceProvider services, ConnectorCatalog catalog, ProposalGovernor governor, TimeProvider timeProvider, IEffectivePolicySource policy,
        ModelGateway gateway, KernelJournal journal, AgentRunCheckpoints checkpoints, ApprovalStore approvals)
    {
        _approvals = approvals;
        _checkpoints = checkpoints;
        _policy = policy;
        _services = services;
        _catalog = catalog;
        _governor = governor;
        _timeProvider = timeProvider;
        _gateway = gateway;
        _journal = journal;
    }

    public Task<AgentRun> RunAsync(AgentRole role, Intent intent, CancellationToken cancellationToken)
    {
        IReadOnlyList<ModelTier> chain = _gateway.ChainFrom(role.ModelKey);
        if (chain.Count > 0)
        {
            return RunModelAsync(role, intent, chain, cancellationToken);
        }

        return RunStrategyAsync(role, intent, "Offline: no model is configured", degraded: false, cancellationToken);
    }

    private async Task<AgentRun> RunStrategyAsync(AgentRole role, Intent intent, string why, bool degraded, CancellationToken cancellationToken)
    {
        if (role.DeterministicStrategy is not { } strategy)
        {
            string reason = $"{why} and agent '{role.Name}' has no deterministic strategy; the intent waits for the operator.";
            return new AgentRun([], reason, null) { DeferredReason = reason, Degraded = degraded };
        }

        IReadOnlyList<AgentToolCall> calls = await strategy.PlanAsync(intent, cancellationToken).ConfigureAwait(false);
        var results = new List<ProposalResult>(calls.Count);
        AgentCallTokens tokens = AgentCallTokens.ForStrategy(intent, role.Name);
        foreach (AgentToolCall call in calls)
        {
            OperationToken token = tokens.Next(call.Capability, call.Arguments);
            (ProposalResult? result, _) = await ProposeAsync(role, intent, call.Capability, null, call.Arguments, call.Rationale, call.Confidence, modelId: null, token, cancellationToken).ConfigureAwait(false);
            if (result is not null)
            {
                results.Add(result);
            }
        }

        return new AgentRun(results, $"{why}: planned {calls.Count} action(s) with the deterministic strategy.", null) { Degraded = degraded };
    }

    private async Task<AgentRun> RunModelAsync(AgentRole role, Intent intent, IReadOnlyList<ModelTier> chain, CancellationToken cancellationToken)
    {
        List<ChatMessage> messages = [new(ChatRole.System, role.Instructions)];
        List<string> inputs = [$"intent/{intent.Id}"];
        if (await AssembleContextAsync(role, intent, cancellationToken).ConfigureAwait(false) is { Items.Count: > 0 } context)
        {
            // Memory is canonical state, given as reference material; the intent itself stays the user's message.
            messages.Add(new ChatMessage(ChatRole.System, "What memory holds that bears on this (facts first, then recent context, then similar records):\n" + context.Text));

            // What the model read is what its proposals rest on: each decision record names those versions.
            inputs.AddRange(context.Items.Select(item => $"memory/{item.Record.Entity}/{item.Record.Attribute}@v{item.Record.Version}").Distinct(StringComparer.Ordinal));
        }

        if (_services.GetService<MemoryStore>() is { } memory &&
            await OperatorExamples.DescribeAsync(memory, role, [.. _policy.Current.GrantedCapabilities(role)], cancellationToken).ConfigureAwait(false) is { } examples)
        {
            // The operator's edits and rejections teach the role what they want, within the role's budget for them.
            messages.Add(new ChatMessage(ChatRole.System, examples));
        }

        messages.Add(new ChatMessage(ChatRole.User, Describe(intent)));
        return await LoopAsync(new RunState(role, intent, chain, messages) { Inputs = inputs }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Continues a checkpointed run, claimed by <paramref name="claim"/>, with what the operator decided; its completed tool calls stay in the conversation and are not made again.</summary>
    public async Task<AgentRun> ResumeAsync(AgentRole role, AgentRunCheckpoint checkpoint, AgentRunClaim claim, string update, CancellationToken cancellationToken)
    {
        IReadOnlyList<ModelTier> chain = _gateway.ChainFrom(checkpoint.Tier ?? role.ModelKey);
        if (chain.Count == 0)
        {
            chain = _gateway.ChainFrom(role.ModelKey);
        }

        if (chain.Count == 0)
        {
            string reason = $"Offline: no model is configured to continue agent '{role.Name}' after the operator's decision; the intent waits for the operator.";
            await _checkpoints.ReleaseAsync(checkpoint.Intent.Id, role.Name, claim, waiting: null, cancellationToken).ConfigureAwait(false);
            return new AgentRun([], reason, null) { DeferredReason = reason };
        }

        List<ChatMessage> messages = [.. checkpoint.Messages, new ChatMessage(ChatRole.User, update)];
        var state = new RunState(role, checkpoint.Intent, chain, messages)
        {
            Iterations = checkpoint.Iterations,
            Escalated = checkpoint.Escalated,
            Resumed = true,
            Claim = claim,
            Inputs = checkpoint.Inputs.Count > 0 ? checkpoint.Inputs : null,
        };
        return await LoopAsync(state, cancellationToken).ConfigureAwait(false);
    }

    private async Task<AgentRun> LoopAsync(RunState run, CancellationToken cancellationToken)
    {
        AgentRole role = run.Role;
        Intent intent = run.Intent;
        var toolNames = new Dictionary<string, string>(StringComparer.Ordinal);
        var tools = new List<AITool>();
        foreach (string capability in _policy.Current.GrantedCapabilities(role))
        {
            if (_catalog.TryGet(capability, out ConnectorCatalog.Entry entry))
            {
                // Tool names must match ^[a-zA-Z0-9_-]+$ at most providers, so dots become double underscores.
                string toolName = capability.Replace(".", "__", StringComparison.Ordinal);
                toolNames[toolName] = capability;
                tools.Add(AIFunctionFactory.CreateDeclaration(toolName, entry.Descriptor.Description, SelfReport.Extend(entry.Descriptor.ArgumentsSchema)));
            }
        }

        var options = new ChatOptions { Tools = tools, ToolMode = tools.Count > 0 ? ChatToolMode.Auto : null };
        var scope = new ModelCallScope(role.Name, intent.Name, intent.CorrelationId, intent.Id);
        var results = new List<ProposalResult>();
        var pending = new List<PendingToolCall>();
        List<ChatMessage> messages = run.Messages;
        string? modelId = run.Chain[0].ModelId;
        string? reply = null;
        bool finished = false;
        int toolCalls = 0;
        int refused = 0;
        int tier = 0;

        while (run.Iterations < role.MaxToolIterations)
        {
            ModelCall call = await _gateway.CallAsync(run.Chain[tier], preferred: tier == 0, scope, messages, options, cancellationToken).ConfigureAwait(false);
            if (call.Response is not { } response)
            {
                if (tier + 1 < run.Chain.Count)
                {
                    // The conversation so far carries over: completed tool calls are not made again on the next tier.
                    tier++;
                    continue;
                }

                return await FallBackAsync(run, results, call.Failure!, modelId, cancellationToken).ConfigureAwait(false);
            }

            modelId = response.ModelId ?? run.Chain[tier].ModelId;
            List<FunctionCallContent> calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
            if (calls.Count == 0)
            {
                messages.AddRange(response.Messages);
                reply = response.Text;
                finished = true;
                break;
            }

            // Each call's self-report is taken off once, and its arguments written as JSON once: they decide escalation and go with the
            // proposal. A call that reports no confidence counts as the role's escalation says (unsure by default), else as sure, as
            // before roles declared thresholds. A call whose arguments could not be read keeps none (it is refused).
            double unreported = role.Escalation?.UnreportedConfidence ?? 1;
            List<(JsonElement Arguments, double Confidence, string? Rationale)> reports =
                [.. calls.Select(c => (Call: c, Report: SelfReport.Take(c.Arguments))).Select(r => (ArgumentsJson(r.Call, r.Report.Arguments), r.Report.Confidence ?? unreported, r.Report.Rationale))];
            if (!run.Escalated && role.Escalation is { EscalateTo: { } target } escalation &&
                _gateway.ChainFrom(target) is { Count: > 0 } larger && !ReferenceEquals(larger[0].Client, run.Chain[tier].Client))
            {
                double lowest = reports.Min(r => r.Confidence);
                string? why = lowest < escalation.ConfidenceThreshold
                    ? $"confidence {lowest.ToString("0.###", CultureInfo.InvariantCulture)} is below the threshold"
                    : await PolicySensitiveAsync(run, escalation, calls, reports, toolNames, modelId, cancellationToken).ConfigureAwait(false);
                if (why is not null)
                {
                    // The cheaper tier's answer is set aside and the same question goes to the larger tier: an unsure answer, or a
                    // policy-sensitive step, is the larger model's to decide.
                    await _journal.AgentEscalatedAsync(scope, run.Chain[tier].Name, larger[0].Name, lowest, escalation.ConfidenceThreshold, why, cancellationToken).ConfigureAwait(false);
                    run.Chain = larger;
                    tier = 0;
                    run.Escalated = true;
                    continue;
                }
            }

            messages.AddRange(response.Messages);
            var toolResults = new List<AIContent>(calls.Count);
            AgentCallTokens tokens = AgentCallTokens.ForRound(intent, role.Name, run.Iterations);
            for (int i = 0; i < calls.Count; i++)
            {
                FunctionCallContent functionCall = calls[i];
                string capability = toolNames.TryGetValue(functionCall.Name, out string? mapped) ? mapped : functionCall.Name.Replace("__", ".", StringComparison.Ordinal);
                toolCalls++;
                ProposalResult? result;
                if (functionCall.Exception is { } unreadable)
                {
                    result = null;
                    await _journal.AgentToolCallRefusedAsync(intent, role.Name, functionCall.Name, functionCall.CallId, $"its arguments could not be read: {unreadable.Message}", cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    (JsonElement json, double confidence, string? rationale) = reports[i];
                    (result, _) = await ProposeAsync(role, intent, capability, functionCall, json, rationale, confidence, modelId, tokens.Next(capability, json), cancellationToken, run.Inputs).ConfigureAwait(false);
                }

                if (result is null)
                {
                    refused++;
                }
                else
                {
                    results.Add(result);
                    if (result is { Status: ProposalStatus.PendingApproval, ApprovalId: { } approvalId })
                    {
                        pending.Add(new PendingToolCall(functionCall.CallId, approvalId, capability));
                    }
                }

                toolResults.Add(new FunctionResultContent(functionCall.CallId, DescribeForModel(capability, result)));
            }

            messages.Add(new ChatMessage(ChatRole.Tool, toolResults));
            run.Iterations++;

            // From the first approval the run waits on (and all along a resumed run) it is checkpointed after every round, under a
            // lease: a crash loses at most the round in flight, and once the lease runs out another host continues the run.
            if (pending.Count > 0 || run.Claim is not null)
            {
                if (await _checkpoints.HoldAsync(Checkpoint(run, tier, pending), run.Claim, cancellationToken).ConfigureAwait(false) is not { } held)
                {
                    return Superseded(run, results, modelId);
                }

                run.Claim = held;
            }
        }

        // Nothing is dropped: a run that never finished, or whose every call was refused, did not do its work, so the operator gets it.
        // Pending approvals stay in the queue for the operator; the run's checkpoint, if any, is marked done: the model has nothing left to continue with.
        if (Unfinished(role, finished, toolCalls, refused) is { } deferred)
        {
            await _checkpoints.ReleaseAsync(intent.Id, role.Name, run.Claim, waiting: null, cancellationToken).ConfigureAwait(false);
            await _gateway.ReportDegradedAsync(scope, deferred, cancellationToken).ConfigureAwait(false);
            return new AgentRun(results, reply, modelId) { DeferredReason = deferred, Degraded = true, Inputs = run.Inputs };
        }

        // The run waits on the operator: keep where it stands so a decision, even after a restart, continues it. Otherwise it is done.
        await _checkpoints.ReleaseAsync(intent.Id, role.Name, run.Claim, pending.Count > 0 ? Checkpoint(run, tier, pending) : null, cancellationToken).ConfigureAwait(false);
        return new AgentRun(results, reply, modelId) { Degraded = tier > 0, Waiting = pending, Inputs = run.Inputs };
    }

    private static AgentRunCheckpoint Checkpoint(RunState run, int tier, List<PendingToolCall> pending) =>
        new(run.Role.Name, run.Chain[tier].Key as string, run.Intent, run.Iterations, run.Escalated, pending, run.Messages) { Inputs = run.Inputs ?? [] };

    // Another host took the run over after this one's lease ran out (this host stalled past it): that host continues, this one stops.
    private static AgentRun Superseded(RunState run, List<ProposalResult> results, string? modelId) =>
        new(results, $"Agent '{run.Role.Name}' stopped: another host took its run over after the lease ran out, and continues it.", modelId);

    private static string? Unfinished(AgentRole role, bool finished, int toolCalls, int refused)
    {
        if (toolCalls > 0 && refused == toolCalls)
        {
            return $"Degraded (every tool call the model made, {refused}, was refused as malformed); the intent waits for the operator.";
        }

        return finished
            ? null
            : $"Degraded (agent '{role.Name}' used its {role.MaxToolIterations} tool rounds without finishing); the rest of the intent waits for the operator.";
    }

    // Every tier failed or is over budget: the deterministic strategy takes over only when the run is fresh and nothing was proposed
    // yet (so nothing repeats); otherwise the operator picks up where the model stopped.
    // A resumed run never falls back to the strategy: a strategy plans the whole intent from scratch and knows nothing of the calls
    // the run already completed (an approved, executed write would be proposed, and with an Execute policy done, a second time).
    // Telling it what was done would mean trusting every strategy to honour that; deferring keeps the guarantee in the kernel.
    private async Task<AgentRun> FallBackAsync(RunState run, List<ProposalResult> results, string failure, string? modelId, CancellationToken cancellationToken)
    {
        await _checkpoints.ReleaseAsync(run.Intent.Id, run.Role.Name, run.Claim, waiting: null, cancellationToken).ConfigureAwait(false);
        if (results.Count == 0 && !run.Resumed)
        {
            return await RunStrategyAsync(run.Role, run.Intent, $"Degraded ({failure.TrimEnd('.')})", degraded: true, cancellationToken).ConfigureAwait(false);
        }

        string reason = run.Resumed
            ? $"Degraded ({failure.TrimEnd('.')}) while continuing after the operator's decision, with {results.Count} new action(s); the rest of the intent waits for the operator."
            : $"Degraded ({failure.TrimEnd('.')}) after {results.Count} action(s); the rest of the intent waits for the operator.";
        return new AgentRun(results, reason, modelId) { DeferredReason = reason, Degraded = true };
    }

    private async Task<AssembledContext?> AssembleContextAsync(AgentRole role, Intent intent, CancellationToken cancellationToken)
    {
        if (role.ContextTokenBudget is not { } budget || _services.GetService<ContextAssembler>() is not { } assembler)
        {
            return null;
        }

        var entities = new List<string>();
        foreach (string scope in role.MemoryScopes)
        {
            if (ResolveScope(scope, intent) is { } entity)
            {
                entities.Add(entity);
            }
        }

        string? query = _services.GetService<Microsoft.Extensions.Options.IOptions<SemanticRoutingOptions>>()?.Value.TextOf(intent);
        // Retrieval stays inside the role's scopes: a similar record about another customer is not the role's to read.
        return await assembler.AssembleAsync(new ContextRequest(budget) { Entities = entities, Query = query, RetrieveWithin = entities }, cancellationToken).ConfigureAwait(false);
    }

    // "student/{student}" with payload {"student":"42"} -> "student/42"; a missing or non-scalar field skips the scope.
    private static string? ResolveScope(string scope, Intent intent)
    {
        var resolved = new StringBuilder(scope.Length);
        int position = 0;
        while (position < scope.Length)
        {
            int open = scope.IndexOf('{', position);
            if (open < 0)
            {
                resolved.Append(scope, position, scope.Length - position);
                break;
            }

            int close = scope.IndexOf('}', open);
            if (close < 0)
            {
                return null;
            }

            resolved.Append(scope, position, open - position);
            string field = scope[(open + 1)..close];
            if (intent.Payload.ValueKind != JsonValueKind.Object || !intent.Payload.TryGetProperty(field, out JsonElement value) ||
                value.ValueKind is not (JsonValueKind.String or JsonValueKind.Number))
            {
                return null;
            }

            resolved.Append(value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText());
            position = close + 1;
        }

        return resolved.ToString();
    }

    // A call the kernel cannot even express as a proposal (a malformed name, non-object arguments) changes nothing, but it is journaled:
    // the operator sees what the agent tried and why it was refused.
    private async Task<(ProposalResult? Result, string? Refusal)> ProposeAsync(
        AgentRole role, Intent intent, string capability, FunctionCallContent? call, JsonElement arguments, string? rationale, double confidence, string? modelId,
        OperationToken token, CancellationToken cancellationToken, IReadOnlyList<string>? inputs = null)
    {
        ActionProposal proposal;
        try
        {
            proposal = CreateProposal(role, intent, capability, arguments, rationale, confidence, modelId, inputs, token);
        }
        catch (InvalidProposalException ex)
        {
            await _journal.AgentToolCallRefusedAsync(intent, role.Name, call?.Name ?? capability, call?.CallId, ex.Message, cancellationToken).ConfigureAwait(false);
            return (null, ex.Message);
        }

        // The approval a call asks for derives from its token: the same call made again (a round asked again after a crash) finds
        // the request its first proposal made, and the operator is asked once.
        string approvalId = ApprovalIds.ForToken(token);
        if (await _approvals.GetAsync(approvalId, cancellationToken).ConfigureAwait(false) is { } asked)
        {
            return (await AskedBeforeAsync(role, intent, call, asked, cancellationToken).ConfigureAwait(false), null);
        }

        try
        {
            return (await _governor.GovernAsync(proposal, decided: null, approvalId, throwOnFailure: false, cancellationToken).ConfigureAwait(false), null);
        }
        catch (InvalidOperationException)
        {
            // The same call made at the same time by another run of the intent asked first (the store refused a second request).
            if (await _approvals.GetAsync(approvalId, cancellationToken).ConfigureAwait(false) is not { } raced)
            {
                throw;
            }

            return (await AskedBeforeAsync(role, intent, call, raced, cancellationToken).ConfigureAwait(false), null);
        }
    }

    // What became of a call whose approval was asked for before: done, waiting (an approved call not yet executed waits for the
    // approval dispatcher, as the run that asked would), or refused by the operator. Journaled, as the call is not proposed again.
    private async Task<ProposalResult> AskedBeforeAsync(AgentRole role, Intent intent, FunctionCallContent? call, ApprovalRequest request, CancellationToken cancellationToken)
    {
        await _journal.AgentToolCallRepeatedAsync(intent, role.Name, call?.CallId, request, cancellationToken).ConfigureAwait(false);
        return request switch
        {
            { Status: ApprovalStatus.Approved, Outcome: { } outcome } =>
                new ProposalResult(request.EffectiveProposal, ProposalStatus.Executed, null) { ApprovalId = request.Id, Outcome = outcome },
            { Status: ApprovalStatus.Approved } =>
                new ProposalResult(request.EffectiveProposal, ProposalStatus.PendingApproval, null) { ApprovalId = request.Id, Error = "approved by the operator, not executed yet" },
            { Status: ApprovalStatus.Pending } =>
                new ProposalResult(request.Proposal, ProposalStatus.PendingApproval, null) { ApprovalId = request.Id },
            _ => new ProposalResult(request.Proposal, ProposalStatus.Denied, null)
            {
                ApprovalId = request.Id,
                Error = request.Status == ApprovalStatus.Rejected
                    ? $"the operator rejected it ({request.DecisionReason ?? "no reason given"})"
                    : "its approval request expired before the operator decided",
            },
        };
    }

    private ActionProposal CreateProposal(
        AgentRole role, Intent intent, string capability, JsonElement arguments, string? rationale, double confidence, string? modelId, IReadOnlyList<string>? inputs,
        OperationToken token = default) =>
        new(ProposalIds.New(_timeProvider), capability, arguments, role.Name, _timeProvider.GetUtcNow())
        {
            OperationToken = token,
            ProposerKind = ActorKind.Agent,
            Rationale = rationale,
            Confidence = confidence,
            ModelId = modelId,
            Taint = intent.Trust,
            IntentId = intent.Id,
            CorrelationId = intent.CorrelationId,
            InputReferences = inputs ?? [$"intent/{intent.Id}"],
        };

    // Says why a call the cheaper tier proposes is policy-sensitive (its capability's risk tier is one the role escalates, or the policy
    // in force would hold or deny it), or null. The policy is asked for an explanation only: no permit is taken, nothing is journaled.
    private async Task<string?> PolicySensitiveAsync(
        RunState run, AgentEscalation escalation, List<FunctionCallContent> calls, List<(JsonElement Arguments, double Confidence, string? Rationale)> reports,
        Dictionary<string, string> toolNames, string? modelId, CancellationToken cancellationToken)
    {
        for (int i = 0; i < calls.Count; i++)
        {
            FunctionCallContent call = calls[i];
            if (call.Exception is not null)
            {
                continue;
            }

            string capability = toolNames.TryGetValue(call.Name, out string? mapped) ? mapped : call.Name.Replace("__", ".", StringComparison.Ordinal);
            if (_catalog.TryGet(capability, out ConnectorCatalog.Entry entry) && escalation.EscalateRiskTiers.Contains(entry.Descriptor.RiskTier))
            {
                return $"'{capability}' is a {entry.Descriptor.RiskTier} step";
            }

            if (!escalation.EscalateWhenPolicyHolds)
            {
                continue;
            }

            (JsonElement json, double confidence, string? rationale) = reports[i];
            ActionProposal proposal;
            try
            {
                proposal = CreateProposal(run.Role, run.Intent, capability, json, rationale, confidence, modelId, run.Inputs);
            }
            catch (InvalidProposalException)
            {
                // Not expressible as a proposal: it is refused whichever tier made it.
                continue;
            }

            PolicyEvaluation evaluation = await _governor.ExplainAsync(proposal, cancellationToken).ConfigureAwait(false);
            if (evaluation.Decision.Verdict is PolicyVerdict.NeedsApproval or PolicyVerdict.Deny)
            {
                return $"policy would {(evaluation.Decision.Verdict == PolicyVerdict.Deny ? "deny" : "hold for approval")} '{capability}' ({evaluation.Decision.RuleId})";
            }
        }

        return null;
    }

    private static JsonElement ArgumentsJson(FunctionCallContent call, IDictionary<string, object?>? arguments) =>
        call.Exception is not null || arguments is null ? EmptyArguments : JsonSerializer.SerializeToElement(arguments, ArgumentsTypeInfo);

    private static string Describe(Intent intent)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Intent: {intent.Name}\nSource: {intent.Source} (trust: {intent.Trust})\n");
        if (intent.Payload.ValueKind != JsonValueKind.Undefined)
        {
            text.Append("Payload:\n").Append(intent.Payload.GetRawText());
        }

        return text.ToString();
    }

    private static string DescribeForModel(string capability, ProposalResult? result) => result switch
    {
        null => $"Refused: '{capability}' with these arguments is not a valid proposal. Nothing was done.",
        { Status: ProposalStatus.Executed, Outcome: { } outcome } => $"Done: {outcome.Summary}",
        { Status: ProposalStatus.PendingApproval, Error: { } state } => $"Pending: {state} ({result.ApprovalId}). It has NOT been done yet.",
        { Status: ProposalStatus.PendingApproval } => $"Pending: waiting for operator approval ({result.ApprovalId}). It has NOT been done yet.",
        { Status: ProposalStatus.Shadowed } => "Shadow mode: recorded but not executed.",
        { Status: ProposalStatus.Denied, Evaluation: null, ApprovalId: not null } => $"Not done: {result.Error}.",
        { Status: ProposalStatus.Denied } => $"Denied by policy: {result.Error}. Nothing was done.",
        _ => $"Failed: {result.Error}. Nothing was done.",
    };

    private sealed class RunState(AgentRole role, Intent intent, IReadOnlyList<ModelTier> chain, List<ChatMessage> messages)
    {
        public AgentRole Role { get; } = role;

        public Intent Intent { get; } = intent;

        public IReadOnlyList<ModelTier> Chain { get; set; } = chain;

        public List<ChatMessage> Messages { get; } = messages;

        public int Iterations { get; set; }

        public bool Escalated { get; set; }

        public IReadOnlyList<string>? Inputs { get; init; }

        /// <summary>Gets a value indicating whether the run continues a checkpoint, so calls it made before are done and must not be planned again.</summary>
        public bool Resumed { get; init; }

        /// <summary>Gets or sets the run's lease on its checkpoint, once it holds one.</summary>
        public AgentRunClaim? Claim { get; set; }
    }
}
