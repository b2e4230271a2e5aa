using System.Text.Json;
using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>The base class of connectors: the only code that touches the outside world, and only when the kernel's executor calls it.</summary>
/// <remarks>
/// <para>A connector describes its operations as <see cref="CapabilityDescriptor"/>s, executes them under an
/// <see cref="OperationToken"/>, and answers whether a token's operation happened. <see cref="ExecuteAsync"/> must be
/// idempotent per token: presenting a token whose operation completed returns the recorded result and repeats nothing.</para>
/// <para>Implementations must be thread-safe. New members ship as virtual with safe defaults.</para>
/// </remarks>
public abstract class Connector : IDisposable
{
    /// <summary>Initializes a new instance of the <see cref="Connector"/> class.</summary>
    /// <param name="name">The connector's name, for example <c>files</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    protected Connector(string name)
    {
        Name = Throw.IfNullOrWhitespace(name);
    }

    /// <summary>Gets the connector's name.</summary>
    public string Name { get; }

    /// <summary>Gets the operations the connector offers.</summary>
    public abstract IReadOnlyList<CapabilityDescriptor> Capabilities { get; }

    /// <summary>Checks a capability's arguments without doing any I/O.</summary>
    /// <param name="capability">The capability name.</param>
    /// <param name="arguments">The arguments to check.</param>
    /// <exception cref="ConnectorArgumentException">The arguments are malformed; the message says which argument and why.</exception>
    /// <exception cref="UnknownCapabilityException">The connector does not offer <paramref name="capability"/>.</exception>
    public virtual void ValidateArguments(string capability, JsonElement arguments)
    {
        _ = GetCapability(capability);
        if (arguments.ValueKind != JsonValueKind.Object)
        {
            throw new ConnectorArgumentException(capability, "$", $"the arguments must be a JSON object, not {arguments.ValueKind}");
        }
    }

    /// <summary>Performs an operation at most once per token.</summary>
    /// <param name="request">The capability, arguments and token.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The result; the recorded one when the token's operation already completed.</returns>
    /// <exception cref="ConnectorArgumentException">The arguments are malformed; nothing was done.</exception>
    /// <exception cref="UnknownCapabilityException">The connector does not offer the capability.</exception>
    /// <exception cref="ConnectorException">The operation failed.</exception>
    public abstract Task<OperationResult> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken = default);

    /// <summary>Reports whether the operation with a token happened.</summary>
    /// <param name="token">The operation token.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The token's status.</returns>
    public abstract Task<OperationStatus> GetStatusAsync(OperationToken token, CancellationToken cancellationToken = default);

    /// <summary>Asks the connector for an object of a given type, such as its options or the client it wraps.</summary>
    /// <param name="serviceType">The type of object requested.</param>
    /// <param name="serviceKey">An optional key.</param>
    /// <returns>The object, or <see langword="null"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="serviceType"/> is <see langword="null"/>.</exception>
    public virtual object? GetService(Type serviceType, object? serviceKey = null)
    {
        _ = Throw.IfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <summary>Gets a capability this connector offers.</summary>
    /// <param name="capability">The capability name.</param>
    /// <returns>The capability's descriptor.</returns>
    /// <exception cref="UnknownCapabilityException">The connector does not offer <paramref name="capability"/>.</exception>
    public CapabilityDescriptor GetCapability(string capability)
    {
        foreach (CapabilityDescriptor descriptor in Capabilities)
        {
            if (string.Equals(descriptor.Name, capability, StringComparison.Ordinal))
            {
                return descriptor;
            }
        }

        throw new UnknownCapabilityException(capability, Name);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the connector's resources.</summary>
    /// <param name="disposing"><see langword="true"/> when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
    }
}
