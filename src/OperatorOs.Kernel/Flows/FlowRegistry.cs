using System.Collections.Frozen;

namespace OperatorOs;

/// <summary>The registered flow definitions by name and version; new instances use the latest version, running ones keep theirs.</summary>
internal sealed class FlowRegistry
{
    private readonly FrozenDictionary<string, FlowDefinition[]> _byName;

    public FlowRegistry(IEnumerable<FlowDefinition> definitions)
    {
        var byName = new Dictionary<string, List<FlowDefinition>>(StringComparer.Ordinal);
        foreach (FlowDefinition definition in definitions)
        {
            if (!byName.TryGetValue(definition.Name, out List<FlowDefinition>? versions))
            {
                byName[definition.Name] = versions = [];
            }

            if (versions.Any(v => v.Version == definition.Version))
            {
                throw new FlowDefinitionException(definition.Name, null, $"version {definition.Version} is registered twice.");
            }

            versions.Add(definition);
        }

        _byName = byName.ToFrozenDictionary(p => p.Key, p => p.Value.OrderBy(d => d.Version).ToArray(), StringComparer.Ordinal);
    }

    public bool IsEmpty => _byName.Count == 0;

    public IEnumerable<FlowDefinition> All => _byName.Values.SelectMany(versions => versions);

    public bool Contains(string name) => _byName.ContainsKey(name);

    public FlowDefinition Latest(string name) =>
        _byName.TryGetValue(name, out FlowDefinition[]? versions) ? versions[^1] : throw new UnknownFlowException(name);

    public FlowDefinition Get(string name, int version)
    {
        if (_byName.TryGetValue(name, out FlowDefinition[]? versions))
        {
            foreach (FlowDefinition definition in versions)
            {
                if (definition.Version == version)
                {
                    return definition;
                }
            }
        }

        throw new UnknownFlowException(name, version);
    }
}
