using System.Collections.Frozen;
using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OperatorOs;

/// <summary>Finds the handler of an intent: exact name (a frozen hash lookup), then rule routes in order, then semantic routes; no match goes to the operator with the best candidates.</summary>
internal sealed class IntentRouter
{
    public const string ExactRule = "exact";
    public const string SemanticRule = "semantic";

    private readonly FrozenDictionary<string, RouteDecision> _exact;
    private readonly IntentRuleRoute[] _rules;
    private readonly SemanticRoute[] _semantic;
    private readonly SemanticRoutingOptions _options;
    private readonly IServiceProvider? _services;
    private readonly Lazy<Task<float[][][]>>? _exemplars;

    public IntentRouter(IEnumerable<IntentRoute> routes, AgentRegistry agents)
        : this(routes, [], [], agents, new FlowRegistry([]), Options.Create(new SemanticRoutingOptions()), null)
    {
    }

    [ActivatorUtilitiesConstructor]
    public IntentRouter(
        IEnumerable<IntentRoute> routes,
        IEnumerable<IntentRuleRoute> rules,
        IEnumerable<SemanticRoute> semantic,
        AgentRegistry agents,
        FlowRegistry flows,
        IOptions<SemanticRoutingOptions> options,
        IServiceProvider? services)
    {
        var exact = new Dictionary<string, RouteDecision>(StringComparer.Ordinal);
        foreach (IntentRoute route in routes)
        {
            CheckTarget(route.TargetKind, route.Target, $"The route for '{route.IntentName}'", agents, flows);
            if (!exact.TryAdd(route.IntentName, new RouteDecision(route.TargetKind, route.Target, ExactRule)))
            {
                throw new InvalidOperationException($"The intent '{route.IntentName}' has more than one route.");
            }
        }

        _exact = exact.ToFrozenDictionary(StringComparer.Ordinal);
        _rules = rules.ToArray();
        foreach (IntentRuleRoute rule in _rules)
        {
            CheckTarget(rule.TargetKind, rule.Target, $"The rule route '{rule.RuleId}'", agents, flows);
        }

        _semantic = semantic.ToArray();
        foreach (SemanticRoute route in _semantic)
        {
            CheckTarget(route.TargetKind, route.Target, "A semantic route", agents, flows);
        }

        _options = options.Value;
        _services = services;
        if (_semantic.Length > 0)
        {
            _exemplars = new Lazy<Task<float[][][]>>(EmbedExemplarsAsync);
        }
    }

    public ValueTask<RouteDecision> RouteAsync(Intent intent, CancellationToken cancellationToken)
    {
        if (_exact.TryGetValue(intent.Name, out RouteDecision? decision))
        {
            return ValueTask.FromResult(decision);
        }

        foreach (IntentRuleRoute rule in _rules)
        {
            if (rule.Predicate(intent))
            {
                return ValueTask.FromResult(new RouteDecision(rule.TargetKind, rule.Target, rule.RuleId));
            }
        }

        if (_exemplars is null || _options.TextOf(intent) is not { Length: > 0 } text)
        {
            return ValueTask.FromResult(RouteDecision.Unrouted);
        }

        return new ValueTask<RouteDecision>(RouteSemanticAsync(text, cancellationToken));
    }

    private async Task<RouteDecision> RouteSemanticAsync(string text, CancellationToken cancellationToken)
    {
        float[][][] exemplars = await _exemplars!.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        Embedding<float> query = await Embeddings().GenerateAsync(text, cancellationToken: cancellationToken).ConfigureAwait(false);
        ReadOnlySpan<float> vector = query.Vector.Span;

        var candidates = new List<RouteCandidate>(_semantic.Length);
        for (int i = 0; i < _semantic.Length; i++)
        {
            double best = double.NegativeInfinity;
            foreach (float[] exemplar in exemplars[i])
            {
                best = Math.Max(best, TensorPrimitives.CosineSimilarity(vector, exemplar));
            }

            candidates.Add(new RouteCandidate(_semantic[i].TargetKind, _semantic[i].Target, double.IsNaN(best) ? 0 : best));
        }

        candidates.Sort((a, b) => b.Score.CompareTo(a.Score));
        List<RouteCandidate> top = candidates.Take(Math.Max(1, _options.MaxCandidates)).ToList();
        RouteCandidate first = candidates[0];
        double second = candidates.Count > 1 ? candidates[1].Score : 0;
        if (first.Score >= _options.Threshold && first.Score - second >= _options.Margin)
        {
            return new RouteDecision(first.TargetKind, first.Target, SemanticRule) { Score = first.Score, Candidates = top };
        }

        return RouteDecision.Unrouted with { Candidates = top };
    }

    private async Task<float[][][]> EmbedExemplarsAsync()
    {
        IEmbeddingGenerator<string, Embedding<float>> generator = Embeddings();
        var embedded = new float[_semantic.Length][][];
        for (int i = 0; i < _semantic.Length; i++)
        {
            GeneratedEmbeddings<Embedding<float>> vectors = await generator.GenerateAsync(_semantic[i].Exemplars).ConfigureAwait(false);
            embedded[i] = vectors.Select(v => v.Vector.ToArray()).ToArray();
        }

        return embedded;
    }

    private IEmbeddingGenerator<string, Embedding<float>> Embeddings() =>
        _services?.GetService<IEmbeddingGenerator<string, Embedding<float>>>()
        ?? throw new InvalidOperationException("Semantic routes need an IEmbeddingGenerator<string, Embedding<float>>; AddOperatorOs registers the offline one unless removed.");

    private static void CheckTarget(RouteTargetKind kind, string target, string what, AgentRegistry agents, FlowRegistry flows)
    {
        if (kind == RouteTargetKind.Agent && agents.Find(target) is null)
        {
            throw new InvalidOperationException($"{what} targets the agent '{target}', which is not registered.");
        }

        if (kind == RouteTargetKind.Flow && !flows.Contains(target))
        {
            throw new InvalidOperationException($"{what} targets the flow '{target}', which is not registered.");
        }
    }
}
