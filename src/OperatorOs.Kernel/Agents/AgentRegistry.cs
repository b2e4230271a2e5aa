using System.Collections.Frozen;

namespace OperatorOs;

/// <summary>The agent roles the kernel knows, by name: those registered in code, with the policy file's <c>agents</c> added or layered over them.</summary>
/// <remarks>The merged set is rebuilt when the policy file reloads, so an edited role applies from the next intent.</remarks>
internal sealed class AgentRegistry
{
    private readonly FrozenDictionary<string, AgentRole> _declared;
    private readonly IEffectivePolicySource? _policy;
    private Merged? _merged;

    public AgentRegistry(IEnumerable<AgentRole> roles)
        : this(roles, null)
    {
    }

    public AgentRegistry(IEnumerable<AgentRole> roles, IEffectivePolicySource? policy)
    {
        var byName = new Dictionary<string, AgentRole>(StringComparer.Ordinal);
        foreach (AgentRole role in roles)
        {
            if (!byName.TryAdd(role.Name, role))
            {
                throw new InvalidOperationException($"Two agent roles are named '{role.Name}'; agent names must be unique.");
            }
        }

        _declared = byName.ToFrozenDictionary(StringComparer.Ordinal);
        _policy = policy;
    }

    public IEnumerable<AgentRole> Roles => Current().Values;

    public AgentRole? Find(string name) => Current().GetValueOrDefault(name);

    private FrozenDictionary<string, AgentRole> Current()
    {
        if (_policy?.Current is not { File.Agents.Count: > 0 } policy)
        {
            return _declared;
        }

        Merged? merged = Volatile.Read(ref _merged);
        if (merged is not null && ReferenceEquals(merged.Policy, policy))
        {
            return merged.Roles;
        }

        var roles = new Dictionary<string, AgentRole>(_declared, StringComparer.Ordinal);
        foreach (AgentDefinition definition in policy.File.Agents.Values)
        {
            roles[definition.Name] = definition.ToRole(_declared.GetValueOrDefault(definition.Name));
        }

        FrozenDictionary<string, AgentRole> frozen = roles.ToFrozenDictionary(StringComparer.Ordinal);

        // One set of roles per policy: the compiled decision table holds these very instances, so a racing merge must not replace them.
        Merged? prior = Interlocked.CompareExchange(ref _merged, new Merged(policy, frozen), merged);
        return prior is not null && !ReferenceEquals(prior, merged) && ReferenceEquals(prior.Policy, policy) ? prior.Roles : frozen;
    }

    private sealed record Merged(EffectivePolicy Policy, FrozenDictionary<string, AgentRole> Roles);
}
