using System.Collections.Frozen;

namespace OperatorOs;

/// <summary>Maps every capability to the connector that offers it; the tier policy uses comes from <see cref="EffectivePolicy.TierOf"/>.</summary>
internal sealed class ConnectorCatalog
{
    private readonly FrozenDictionary<string, Entry> _entries;

    public ConnectorCatalog(IEnumerable<Connector> connectors)
    {
        var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        foreach (Connector connector in connectors)
        {
            foreach (CapabilityDescriptor descriptor in connector.Capabilities)
            {
                if (entries.TryGetValue(descriptor.Name, out Entry? existing))
                {
                    throw new InvalidOperationException(
                        $"The capability '{descriptor.Name}' is offered by both the '{existing.Connector.Name}' and the '{connector.Name}' connectors; capability names must be unique.");
                }

                entries.Add(descriptor.Name, new Entry(connector, descriptor));
            }
        }

        _entries = entries.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public IEnumerable<CapabilityDescriptor> Capabilities => _entries.Values.Select(entry => entry.Descriptor);

    public bool TryGet(string capability, out Entry entry) => _entries.TryGetValue(capability, out entry!);

    public Entry Get(string capability) =>
        _entries.TryGetValue(capability, out Entry? entry) ? entry : throw new UnknownCapabilityException(capability);

    internal sealed record Entry(Connector Connector, CapabilityDescriptor Descriptor);
}
