using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using OperatorOs;
using OperatorOs.Shared;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the SQLite vector store, in the style of the Microsoft.Extensions.VectorData connectors.</summary>
public static class SqliteVectorStoreServiceCollectionExtensions
{
    /// <summary>Registers a <see cref="SqliteVectorStore"/> over a database file, as <see cref="SqliteVectorStore"/> and <see cref="VectorStore"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="path">The database file; it is created, with its directory, when missing.</param>
    /// <param name="options">The store options; when <see langword="null"/>, the store uses the <see cref="IEmbeddingGenerator"/> registered in the container, if any.</param>
    /// <param name="lifetime">The service lifetime. The default is <see cref="ServiceLifetime.Singleton"/>.</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is <see langword="null"/>, empty or white space.</exception>
    /// <remarks>
    /// The file is opened (and its schema created or upgraded) when the store is first resolved, once per registration whatever the
    /// lifetime, so every store instance of the registration shares the loaded collections. With <c>AddOperatorOs().UseSqlite(path)</c>
    /// the kernel's file already serves as the <see cref="VectorStore"/>: do not register a second store over that file.
    /// </remarks>
    public static IServiceCollection AddSqliteVectorStore(
        this IServiceCollection services, string path, SqliteVectorStoreOptions? options = null, ServiceLifetime lifetime = ServiceLifetime.Singleton)
        => AddKeyedSqliteVectorStore(services, serviceKey: null, path, options, lifetime);

    /// <summary>Registers a <see cref="SqliteVectorStore"/> over a database file under a service key, as <see cref="SqliteVectorStore"/> and <see cref="VectorStore"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The service key, or <see langword="null"/> for a non-keyed registration.</param>
    /// <param name="path">The database file; it is created, with its directory, when missing.</param>
    /// <param name="options">The store options; when <see langword="null"/>, the store uses the <see cref="IEmbeddingGenerator"/> registered in the container, if any.</param>
    /// <param name="lifetime">The service lifetime. The default is <see cref="ServiceLifetime.Singleton"/>.</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is <see langword="null"/>, empty or white space.</exception>
    /// <remarks>See <see cref="AddSqliteVectorStore"/>.</remarks>
    public static IServiceCollection AddKeyedSqliteVectorStore(
        this IServiceCollection services, object? serviceKey, string path, SqliteVectorStoreOptions? options = null, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        _ = Throw.IfNull(services);
        _ = Throw.IfNullOrWhitespace(path);

        // One database per registration: it holds the loaded collections. A failure to open is not cached, so a locked file can be retried.
        var database = new Lazy<SqliteDatabase>(() => new SqliteDatabase(new SqliteStorageOptions { Path = path }), LazyThreadSafetyMode.PublicationOnly);
        services.Add(new ServiceDescriptor(
            typeof(SqliteVectorStore),
            serviceKey,
            (sp, _) => new SqliteVectorStore(database.Value, options ?? new SqliteVectorStoreOptions { EmbeddingGenerator = sp.GetService<IEmbeddingGenerator>() }),
            lifetime));
        services.Add(new ServiceDescriptor(
            typeof(VectorStore), serviceKey, static (sp, key) => sp.GetRequiredKeyedService<SqliteVectorStore>(key), lifetime));
        return services;
    }
}
