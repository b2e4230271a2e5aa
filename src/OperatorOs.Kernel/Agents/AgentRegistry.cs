using System.Collections.Frozen;

namespace OperatorOs;

/// <summary>The agent roles registered with the kernel, by name.</summary>
internal sealed class AgentRegistry
{
    private readonly FrozenDictionary<string, AgentRole> _roles;

    public AgentRegistry(IEnumerable<AgentRole> roles)
    {
        var byName = new Dictionary<string, AgentRole>(StringComparer.Ordinal);
        foreach (AgentRole role in roles)
        {
            if (!byName.TryAdd(role.Name, role))
            {
                throw new InvalidOperationException($"Two agent roles are named '{role.Name}'; agent names must be unique.");
            }
        }

        _roles = byName.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public IEnumerable<AgentRole> Roles => _roles.Values;

    public AgentRole? Find(string name) => _roles.GetValueOrDefault(name);
}
