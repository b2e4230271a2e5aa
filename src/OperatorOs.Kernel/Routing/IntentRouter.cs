using System.Collections.Frozen;

namespace OperatorOs;

/// <summary>Finds the handler of an intent: exact name first (a frozen hash lookup); no match goes to the operator.</summary>
internal sealed class IntentRouter
{
    public const string ExactRule = "exact";

    private readonly FrozenDictionary<string, RouteDecision> _exact;

    public IntentRouter(IEnumerable<IntentRoute> routes, AgentRegistry agents)
    {
        var exact = new Dictionary<string, RouteDecision>(StringComparer.Ordinal);
        foreach (IntentRoute route in routes)
        {
            if (route.TargetKind == RouteTargetKind.Agent && agents.Find(route.Target) is null)
            {
                throw new InvalidOperationException($"The route for '{route.IntentName}' targets the agent '{route.Target}', which is not registered.");
            }

            if (route.TargetKind == RouteTargetKind.Flow)
            {
                throw new InvalidOperationException($"The route for '{route.IntentName}' targets the flow '{route.Target}', but no flows are registered.");
            }

            if (!exact.TryAdd(route.IntentName, new RouteDecision(route.TargetKind, route.Target, ExactRule)))
            {
                throw new InvalidOperationException($"The intent '{route.IntentName}' has more than one route.");
            }
        }

        _exact = exact.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public RouteDecision Route(Intent intent) => _exact.TryGetValue(intent.Name, out RouteDecision? decision) ? decision : RouteDecision.Unrouted;
}
