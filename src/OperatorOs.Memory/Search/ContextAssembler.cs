using Microsoft.ML.Tokenizers;
using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>Selects the memory an agent sees for a piece of work: current facts first, then recent context, then retrieved similar records, until the token budget is spent.</summary>
/// <remarks>Tokens are counted with a real tokenizer (o200k_base by default), so the budget holds for the models that use it. Thread-safe.</remarks>
public sealed class ContextAssembler
{
    private static readonly Lazy<Tokenizer> DefaultTokenizer = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));

    private readonly MemoryStore _memory;
    private readonly MemoryIndex? _index;
    private readonly Tokenizer _tokenizer;

    /// <summary>Initializes a new instance of the <see cref="ContextAssembler"/> class.</summary>
    /// <param name="memory">The canonical memory.</param>
    /// <param name="index">The index to retrieve similar records from, or <see langword="null"/> to retrieve nothing.</param>
    /// <param name="tokenizer">The tokenizer that counts the budget, or <see langword="null"/> for o200k_base.</param>
    /// <exception cref="ArgumentNullException"><paramref name="memory"/> is <see langword="null"/>.</exception>
    public ContextAssembler(MemoryStore memory, MemoryIndex? index = null, Tokenizer? tokenizer = null)
    {
        _memory = Throw.IfNull(memory);
        _index = index;
        _tokenizer = tokenizer ?? DefaultTokenizer.Value;
    }

    /// <summary>Assembles the context for a request.</summary>
    /// <param name="request">What the context should hold and its budget.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The selected items within the budget.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    public async Task<AssembledContext> AssembleAsync(ContextRequest request, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(request);
        var candidates = new List<(MemoryRecord Record, ContextSource Source, double? Score)>();
        var recent = new List<MemoryRecord>();
        foreach (string entity in request.Entities)
        {
            foreach (MemoryRecord record in await _memory.GetEntityAsync(entity, cancellationToken).ConfigureAwait(false))
            {
                if (record.Kind == MemoryKind.Fact)
                {
                    candidates.Add((record, ContextSource.Fact, null));
                }
                else if (record.Kind == MemoryKind.Context)
                {
                    recent.Add(record);
                }
            }
        }

        candidates.AddRange(recent.OrderByDescending(record => record.RecordedAt).Select(record => (record, ContextSource.RecentContext, (double?)null)));

        if (_index is not null && !string.IsNullOrWhiteSpace(request.Query) && request.MaxRetrieved > 0)
        {
            var chosen = candidates.Select(c => (c.Record.Entity, c.Record.Attribute)).ToHashSet();
            IReadOnlyList<MemorySearchResult> similar = await _index.SearchAsync(
                request.Query,
                new MemorySearchOptions { Top = request.MaxRetrieved + chosen.Count, Kind = request.RetrievedKind, Entities = request.RetrieveWithin },
                cancellationToken).ConfigureAwait(false);
            candidates.AddRange(similar
                .Where(hit => !chosen.Contains((hit.Record.Entity, hit.Record.Attribute)))
                .Take(request.MaxRetrieved)
                .Select(hit => (hit.Record, ContextSource.Retrieved, (double?)hit.Score)));
        }

        var items = new List<ContextItem>();
        int used = 0;
        int omitted = 0;
        foreach ((MemoryRecord record, ContextSource source, double? score) in candidates)
        {
            string text = MemoryIndex.Describe(record);
            int tokens = _tokenizer.CountTokens(text) + 1;
            if (used + tokens > request.TokenBudget)
            {
                omitted++;
                continue;
            }

            items.Add(new ContextItem(record, text, tokens, source, score));
            used += tokens;
        }

        return new AssembledContext(items, used, request.TokenBudget, omitted);
    }
}
