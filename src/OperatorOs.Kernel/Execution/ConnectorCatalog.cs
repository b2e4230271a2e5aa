using System.Collections.Frozen;

namespace OperatorOs;

/// <summary>Maps every capability to the connector that offers it; the tier policy uses comes from <see cref="EffectivePolicy.TierOf"/>.</summary>
internal sealed class ConnectorCatalog
{
    private readonly FrozenDictionary<string, Entry> _entries;

    public ConnectorCatalog(IEnumerable<Connector> connectors)
    {
        var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        var indexes = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = new List<string>();
        foreach (Connector connector in connectors)
        {
            if (!indexes.TryGetValue(connector.Name, out int index))
            {
                index = names.Count;
                indexes.Add(connector.Name, index);
                names.Add(connector.Name);
            }

            foreach (CapabilityDescriptor descriptor in connector.Capabilities)
            {
                if (entries.TryGetValue(descriptor.Name, out Entry? existing))
                {
                    throw new InvalidOperationException(
                        $"The capability '{descriptor.Name}' is offered by both the '{existing.Connector.Name}' and the '{connector.Name}' connectors; capability names must be unique.");
                }

                entries.Add(descriptor.Name, new Entry(connector, descriptor, index));
            }
        }

        _entries = entries.ToFrozenDictionary(StringComparer.Ordinal);
        ConnectorNames = names;
    }

    public IEnumerable<CapabilityDescriptor> Capabilities => _entries.Values.Select(entry => entry.Descriptor);

    /// <summary>Gets the distinct connector names, each at its <see cref="Entry.ConnectorIndex"/>: what is kept per connector (its circuit) is kept in an array by that index, with no lookup by name.</summary>
    public IReadOnlyList<string> ConnectorNames { get; }

    public bool TryGet(string capability, out Entry entry) => _entries.TryGetValue(capability, out entry!);

    public Entry Get(string capability) =>
        _entries.TryGetValue(capability, out Entry? entry) ? entry : throw new UnknownCapabilityException(capability);

    /// <param name="Connector">The connector that offers the capability.</param>
    /// <param name="Descriptor">The capability's descriptor.</param>
    /// <param name="ConnectorIndex">The connector's name's index in <see cref="ConnectorNames"/>, shared by all its capabilities.</param>
    internal sealed record Entry(Connector Connector, CapabilityDescriptor Descriptor, int ConnectorIndex);
}
