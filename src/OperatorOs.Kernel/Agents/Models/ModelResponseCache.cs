using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;

namespace OperatorOs;

/// <summary>Reads the entries a tier's <see cref="DistributedCachingChatClient"/> keeps, so the gateway knows an answer is cached before it reserves or charges anything.</summary>
/// <remarks>
/// <para>
/// A tier composed with <c>UseDistributedCache()</c> answers a repeated request from its cache, and from outside the pipeline that
/// answer looks like a model call: its reported usage is the original call's. The gateway therefore asks first, with the cache
/// client's own key function (this class derives from it, so the key matches whatever version of Microsoft.Extensions.AI is loaded),
/// its serializer options and key values, over the registered <see cref="IDistributedCache"/> — the store <c>UseDistributedCache()</c>
/// resolves when it is given none.
/// </para>
/// <para>
/// Only positive evidence counts: a request this reader does not find is reserved and charged as a call. So a tier cache built over
/// another store, or one that sees messages a middleware in front of it changed, costs as much as before, never less than it should.
/// </para>
/// </remarks>
internal sealed class ModelResponseCache : DistributedCachingChatClient
{
    private ModelResponseCache(IChatClient tier, IDistributedCache storage, DistributedCachingChatClient source)
        : base(tier, storage)
    {
        JsonSerializerOptions = source.JsonSerializerOptions;
        CacheKeyAdditionalValues = source.CacheKeyAdditionalValues;
    }

    /// <summary>Creates a reader for a tier whose pipeline caches through the registered store, or returns <see langword="null"/>.</summary>
    public static ModelResponseCache? For(IChatClient tier, IDistributedCache? storage) =>
        storage is not null && tier.GetService<DistributedCachingChatClient>() is { } caching ? new ModelResponseCache(tier, storage, caching) : null;

    /// <summary>Returns the cached answer to exactly this request, or <see langword="null"/>.</summary>
    public async Task<ChatResponse?> TryReadAsync(IEnumerable<ChatMessage> messages, ChatOptions options, CancellationToken cancellationToken)
    {
        if (!EnableCaching(messages, options))
        {
            return null;
        }

        // The caching client keys a non-streaming request on the messages, the options and "false" (not streaming).
        return await ReadCacheAsync(GetCacheKey(messages, options, false), cancellationToken).ConfigureAwait(false);
    }

    // The reader shares the tier's client only to satisfy the base constructor: it never calls it, and never disposes it.
    protected override void Dispose(bool disposing)
    {
    }
}
