using Microsoft.Extensions.DependencyInjection.Extensions;
using OperatorOs;
using OperatorOs.Shared;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers OperatorOs's in-memory storage.</summary>
public static class InMemoryStorageOperatorOsBuilderExtensions
{
    /// <summary>Stores the journal, memory and approvals in process memory, replacing any other storage registered before.</summary>
    /// <param name="builder">The OperatorOs builder.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <remarks>Everything is lost when the process ends: use it for tests and quick starts.</remarks>
    public static IOperatorOsBuilder UseInMemoryStorage(this IOperatorOsBuilder builder)
    {
        _ = Throw.IfNull(builder);
        IServiceCollection services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.RemoveAll<Journal>().AddSingleton<Journal>(sp => new InMemoryJournal(sp.GetRequiredService<TimeProvider>()));
        services.RemoveAll<MemoryStore>().AddSingleton<MemoryStore>(sp => new InMemoryMemoryStore(sp.GetRequiredService<TimeProvider>()));
        services.RemoveAll<ApprovalStore>().AddSingleton<ApprovalStore, InMemoryApprovalStore>();
        return builder;
    }
}
