using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using OperatorOs;
using OperatorOs.Shared;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the in-memory vector store and its collections, in the style of the Microsoft.Extensions.VectorData connectors.</summary>
public static class InMemoryVectorStoreServiceCollectionExtensions
{
    /// <summary>Registers an <see cref="InMemoryVectorStore"/> as <see cref="InMemoryVectorStore"/> and <see cref="VectorStore"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="options">The store options; when <see langword="null"/>, the store uses the <see cref="IEmbeddingGenerator"/> registered in the container, if any.</param>
    /// <param name="lifetime">The service lifetime. The default is <see cref="ServiceLifetime.Singleton"/>.</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddInMemoryVectorStore(
        this IServiceCollection services, InMemoryVectorStoreOptions? options = null, ServiceLifetime lifetime = ServiceLifetime.Singleton)
        => AddKeyedInMemoryVectorStore(services, serviceKey: null, options, lifetime);

    /// <summary>Registers an <see cref="InMemoryVectorStore"/> under a service key, as <see cref="InMemoryVectorStore"/> and <see cref="VectorStore"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The service key, or <see langword="null"/> for a non-keyed registration.</param>
    /// <param name="options">The store options; when <see langword="null"/>, the store uses the <see cref="IEmbeddingGenerator"/> registered in the container, if any.</param>
    /// <param name="lifetime">The service lifetime. The default is <see cref="ServiceLifetime.Singleton"/>.</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddKeyedInMemoryVectorStore(
        this IServiceCollection services, object? serviceKey, InMemoryVectorStoreOptions? options = null, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        _ = Throw.IfNull(services);
        services.Add(new ServiceDescriptor(
            typeof(InMemoryVectorStore),
            serviceKey,
            (sp, _) => new InMemoryVectorStore(options ?? new InMemoryVectorStoreOptions { EmbeddingGenerator = sp.GetService<IEmbeddingGenerator>() }),
            lifetime));
        services.Add(new ServiceDescriptor(
            typeof(VectorStore), serviceKey, static (sp, key) => sp.GetRequiredKeyedService<InMemoryVectorStore>(key), lifetime));
        return services;
    }

    /// <summary>
    /// Registers a stand-alone <see cref="InMemoryCollection{TKey, TRecord}"/> as itself, <see cref="VectorStoreCollection{TKey, TRecord}"/>,
    /// <see cref="IVectorSearchable{TRecord}"/> and <see cref="IKeywordHybridSearchable{TRecord}"/>.
    /// </summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TRecord">The record type.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The collection name.</param>
    /// <param name="options">The collection options; when <see langword="null"/>, the collection uses the <see cref="IEmbeddingGenerator"/> registered in the container, if any.</param>
    /// <param name="lifetime">The service lifetime. The default is <see cref="ServiceLifetime.Singleton"/>.</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is <see langword="null"/>, empty or white space.</exception>
    [RequiresUnreferencedCode("The in-memory collection maps record types by reflection; register an InMemoryDynamicCollection for NativeAOT.")]
    [RequiresDynamicCode("The in-memory collection maps record types by reflection; register an InMemoryDynamicCollection for NativeAOT.")]
    public static IServiceCollection AddInMemoryCollection<TKey, TRecord>(
        this IServiceCollection services, string name, InMemoryCollectionOptions? options = null, ServiceLifetime lifetime = ServiceLifetime.Singleton)
        where TKey : notnull
        where TRecord : class
        => AddKeyedInMemoryCollection<TKey, TRecord>(services, serviceKey: null, name, options, lifetime);

    /// <summary>
    /// Registers a stand-alone <see cref="InMemoryCollection{TKey, TRecord}"/> under a service key, as itself,
    /// <see cref="VectorStoreCollection{TKey, TRecord}"/>, <see cref="IVectorSearchable{TRecord}"/> and <see cref="IKeywordHybridSearchable{TRecord}"/>.
    /// </summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TRecord">The record type.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The service key, or <see langword="null"/> for a non-keyed registration.</param>
    /// <param name="name">The collection name.</param>
    /// <param name="options">The collection options; when <see langword="null"/>, the collection uses the <see cref="IEmbeddingGenerator"/> registered in the container, if any.</param>
    /// <param name="lifetime">The service lifetime. The default is <see cref="ServiceLifetime.Singleton"/>.</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is <see langword="null"/>, empty or white space.</exception>
    [RequiresUnreferencedCode("The in-memory collection maps record types by reflection; register an InMemoryDynamicCollection for NativeAOT.")]
    [RequiresDynamicCode("The in-memory collection maps record types by reflection; register an InMemoryDynamicCollection for NativeAOT.")]
    public static IServiceCollection AddKeyedInMemoryCollection<TKey, TRecord>(
        this IServiceCollection services, object? serviceKey, string name, InMemoryCollectionOptions? options = null, ServiceLifetime lifetime = ServiceLifetime.Singleton)
        where TKey : notnull
        where TRecord : class
    {
        _ = Throw.IfNull(services);
        _ = Throw.IfNullOrWhitespace(name);
        services.Add(new ServiceDescriptor(
            typeof(InMemoryCollection<TKey, TRecord>),
            serviceKey,
            (sp, _) => new InMemoryCollection<TKey, TRecord>(
                name, options ?? new InMemoryCollectionOptions { EmbeddingGenerator = sp.GetService<IEmbeddingGenerator>() }),
            lifetime));
        services.Add(new ServiceDescriptor(
            typeof(VectorStoreCollection<TKey, TRecord>), serviceKey, static (sp, key) => sp.GetRequiredKeyedService<InMemoryCollection<TKey, TRecord>>(key), lifetime));
        services.Add(new ServiceDescriptor(
            typeof(IVectorSearchable<TRecord>), serviceKey, static (sp, key) => sp.GetRequiredKeyedService<InMemoryCollection<TKey, TRecord>>(key), lifetime));
        services.Add(new ServiceDescriptor(
            typeof(IKeywordHybridSearchable<TRecord>), serviceKey, static (sp, key) => sp.GetRequiredKeyedService<InMemoryCollection<TKey, TRecord>>(key), lifetime));
        return services;
    }
}
