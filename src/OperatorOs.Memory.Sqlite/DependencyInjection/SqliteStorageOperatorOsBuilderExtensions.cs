using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.VectorData;
using OperatorOs;
using OperatorOs.Shared;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers OperatorOs's SQLite storage.</summary>
public static class SqliteStorageOperatorOsBuilderExtensions
{
    /// <summary>
    /// Stores the journal, memory, approvals and vector collections in one SQLite file, replacing any storage registered before; the file
    /// also serves as the <see cref="IDistributedCache"/> for cached model responses unless the host registered one.
    /// </summary>
    /// <param name="builder">The OperatorOs builder.</param>
    /// <param name="path">The database file; it is created, with its directory, when missing.</param>
    /// <param name="configure">Adjusts the storage options, or <see langword="null"/>.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <remarks>
    /// <para>The file is opened and migrated when the first store is resolved; a locked, corrupt or newer-schema file fails then with <see cref="SqliteStorageException"/>.</para>
    /// <para>
    /// The non-keyed <see cref="VectorStore"/> becomes a <see cref="SqliteVectorStore"/> over the file (its embedding generator is the
    /// <see cref="IEmbeddingGenerator"/> registered in the container, if any), so the application's collections persist; keyed vector stores
    /// are left alone. The memory index of <c>AddMemorySearch</c> stays in process memory, rebuilt from the durable memory records.
    /// </para>
    /// </remarks>
    public static IOperatorOsBuilder UseSqlite(this IOperatorOsBuilder builder, string path, Action<SqliteStorageOptions>? configure = null)
    {
        _ = Throw.IfNull(builder);
        _ = Throw.IfNullOrWhitespace(path);
        var options = new SqliteStorageOptions { Path = path };
        configure?.Invoke(options);

        IServiceCollection services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.RemoveAll<SqliteDatabase>().AddSingleton(_ => new SqliteDatabase(options));
        services.RemoveAll<Journal>().AddSingleton<Journal>(sp => new SqliteJournal(sp.GetRequiredService<SqliteDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.RemoveAll<MemoryStore>().AddSingleton<MemoryStore>(sp => new SqliteMemoryStore(sp.GetRequiredService<SqliteDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.RemoveAll<ApprovalStore>().AddSingleton<ApprovalStore>(sp => new SqliteApprovalStore(sp.GetRequiredService<SqliteDatabase>()));
        services.RemoveAll<SqliteVectorStore>().AddSingleton(sp => new SqliteVectorStore(
            sp.GetRequiredService<SqliteDatabase>(), new SqliteVectorStoreOptions { EmbeddingGenerator = sp.GetService<IEmbeddingGenerator>() }));
        services.RemoveAll<VectorStore>().AddSingleton<VectorStore>(sp => sp.GetRequiredService<SqliteVectorStore>());

        // Model responses cached by Microsoft.Extensions.AI's distributed-cache client land in the same file unless the host chose another cache.
        services.TryAddSingleton<IDistributedCache>(sp => new SqliteDistributedCache(sp.GetRequiredService<SqliteDatabase>(), sp.GetRequiredService<TimeProvider>()));
        return builder;
    }
}
