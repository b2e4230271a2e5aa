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

    public AgentRuntime(IServiceProvider services, ConnectorCatalog catalog, ProposalGovernor governor, TimeProvider timeProvider, IEffectivePolicySource policy)
    {
        _policy = policy;
        _services = services;
        _catalog = catalog;
        _governor = governor;
        _timeProvider = timeProvider;
    }

    public Task<AgentRun> RunAsync(AgentRole role, Intent intent, CancellationToken cancellationToken)
    {
        IChatClient? client = role.ModelKey is null
            ? _services.GetService<IChatClient>()
            : _services.GetKeyedService<IChatClient>(role.ModelKey);

        if (client is not null)
        {
            return RunModelAsync(role, intent, client, cancellationToken);
        }

        return RunStrategyAsync(role, intent, cancellationToken);
    }

    private async Task<AgentRun> RunStrategyAsync(AgentRole role, Intent intent, CancellationToken cancellationToken)
    {
        if (role.DeterministicStrategy is not { } strategy)
        {
            return new AgentRun([], $"Offline: no model is configured and agent '{role.Name}' has no deterministic strategy; the intent waits for the operator.", null);
        }

        IReadOnlyList<AgentToolCall> calls = await strategy.PlanAsync(intent, cancellationToken).ConfigureAwait(false);
        var results = new List<ProposalResult>(calls.Count);
        foreach (AgentToolCall call in calls)
        {
            ProposalResult? result = await ProposeAsync(role, intent, call.Capability, call.Arguments, call.Rationale, call.Confidence, modelId: null, cancellationToken).ConfigureAwait(false);
            if (result is not null)
            {
                results.Add(result);
            }
        }

        return new AgentRun(results, $"Offline: planned {calls.Count} action(s) with the deterministic strategy.", null);
    }

    private async Task<AgentRun> RunModelAsync(AgentRole role, Intent intent, IChatClient client, CancellationToken cancellationToken)
    {
        var toolNames = new Dictionary<string, string>(StringComparer.Ordinal);
        var tools = new List<AITool>();
        foreach (string capability in _policy.Current.GrantedCapabilities(role))
        {
            if (_catalog.TryGet(capability, out ConnectorCatalog.Entry entry))
            {
                // Tool names must match ^[a-zA-Z0-9_-]+$ at most providers, so dots become double underscores.
                string toolName = capability.Replace(".", "__", StringComparison.Ordinal);
                toolNames[toolName] = capability;
                tools.Add(AIFunctionFactory.CreateDeclaration(toolName, entry.Descriptor.Description, entry.Descriptor.ArgumentsSchema));
            }
        }

        List<ChatMessage> messages = [new(ChatRole.System, role.Instructions)];
        if (await AssembleContextAsync(role, intent, cancellationToken).ConfigureAwait(false) is { Items.Count: > 0 } context)
        {
            // Memory is canonical state, given as reference material; the intent itself stays the user's message.
            messages.Add(new ChatMessage(ChatRole.System, "What memory holds that bears on this (facts first, then recent context, then similar records):\n" + context.Text));
        }

        messages.Add(new ChatMessage(ChatRole.User, Describe(intent)));
        var options = new ChatOptions { Tools = tools, ToolMode = tools.Count > 0 ? ChatToolMode.Auto : null };
        var results = new List<ProposalResult>();
        string? modelId = client.GetService<ChatClientMetadata>()?.DefaultModelId;
        string? reply = null;

        for (int iteration = 0; iteration < role.MaxToolIterations; iteration++)
        {
            ChatResponse response = await client.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
            modelId = response.ModelId ?? modelId;
            messages.AddRange(response.Messages);

            List<FunctionCallContent> calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
            if (calls.Count == 0)
            {
                reply = response.Text;
                break;
            }

            var toolResults = new List<AIContent>(calls.Count);
            foreach (FunctionCallContent call in calls)
            {
                string capability = toolNames.TryGetValue(call.Name, out string? mapped) ? mapped : call.Name.Replace("__", ".", StringComparison.Ordinal);
                JsonElement arguments = call.Arguments is null
                    ? EmptyArguments
                    : JsonSerializer.SerializeToElement(call.Arguments, ArgumentsTypeInfo);
                ProposalResult? result = await ProposeAsync(role, intent, capability, arguments, rationale: null, confidence: 1, modelId, cancellationToken).ConfigureAwait(false);
                if (result is not null)
                {
                    results.Add(result);
                }

                toolResults.Add(new FunctionResultContent(call.CallId, DescribeForModel(capability, result)));
            }

            messages.Add(new ChatMessage(ChatRole.Tool, toolResults));
        }

        return new AgentRun(results, reply, modelId);
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

    private async Task<ProposalResult?> ProposeAsync(
        AgentRole role, Intent intent, string capability, JsonElement arguments, string? rationale, double confidence, string? modelId, CancellationToken cancellationToken)
    {
        ActionProposal proposal;
        try
        {
            proposal = new ActionProposal(ProposalIds.New(_timeProvider), capability, arguments, role.Name, _timeProvider.GetUtcNow())
            {
                ProposerKind = ActorKind.Agent,
                Rationale = rationale,
                Confidence = confidence,
                ModelId = modelId,
                Taint = intent.Trust,
                IntentId = intent.Id,
                CorrelationId = intent.CorrelationId,
                InputReferences = [$"intent/{intent.Id}"],
            };
        }
        catch (InvalidProposalException)
        {
            // A call the kernel cannot even express as a proposal (a malformed name or non-object arguments) changes nothing.
            return null;
        }

        return await _governor.GovernAsync(proposal, cancellationToken).ConfigureAwait(false);
    }

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
        { Status: ProposalStatus.PendingApproval } => $"Pending: waiting for operator approval ({result.ApprovalId}). It has NOT been done yet.",
        { Status: ProposalStatus.Shadowed } => "Shadow mode: recorded but not executed.",
        { Status: ProposalStatus.Denied } => $"Denied by policy: {result.Error}. Nothing was done.",
        _ => $"Failed: {result.Error}. Nothing was done.",
    };
}
