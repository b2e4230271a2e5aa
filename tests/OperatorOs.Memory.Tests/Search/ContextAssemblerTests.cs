using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.VectorData;

namespace OperatorOs.Memory.Tests.Search;

public class ContextAssemblerTests
{
    private static readonly Provenance Operator = new(ActorKind.Operator, "operator");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(InMemoryMemoryStore Memory, ContextAssembler Assembler)> CreateAsync()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 9, 1, 8, 0, 0, TimeSpan.Zero));
        var memory = new InMemoryMemoryStore(clock);
        await Write(memory, "student/42", "enrollment", MemoryKind.Fact, "\"active since week 1\"");
        await Write(memory, "student/42", "payment", MemoryKind.Fact, "\"paid 120 EUR on 2026-08-28\"");
        clock.Advance(TimeSpan.FromHours(1));
        await Write(memory, "student/42", "thread/summary", MemoryKind.Context, "\"asked twice about the week 3 deadline\"");
        clock.Advance(TimeSpan.FromHours(1));
        await Write(memory, "student/42", "mood", MemoryKind.Context, "\"frustrated\"");
        await Write(memory, "course", "faq/deadline", MemoryKind.Fact, "\"Assignments are due Sunday at 23:59 UTC.\"");
        await Write(memory, "course", "faq/refunds", MemoryKind.Fact, "\"Refunds within 14 days of payment.\"");
        var index = new MemoryIndex(new InMemoryVectorStore(), new HashingEmbeddingGenerator(), memory);
        return (memory, new ContextAssembler(memory, index));
    }

    private static Task<MemoryRecord> Write(MemoryStore memory, string entity, string attribute, MemoryKind kind, string json) =>
        memory.WriteAsync(new MemoryWrite(entity, attribute, kind, TestJson.Parse(json), Operator), Ct);

    [Fact]
    public async Task AssembleAsync_OrdersFactsThenRecentContextThenRetrieved()
    {
        var (_, assembler) = await CreateAsync();

        AssembledContext context = await assembler.AssembleAsync(new ContextRequest(1000) { Entities = ["student/42"], Query = "when is the assignment deadline due", MaxRetrieved = 2 }, Ct);

        Assert.Equal(
            [ContextSource.Fact, ContextSource.Fact, ContextSource.RecentContext, ContextSource.RecentContext, ContextSource.Retrieved, ContextSource.Retrieved],
            context.Items.Select(i => i.Source));
        Assert.Equal("mood", context.Items[2].Record.Attribute);
        Assert.Equal("faq/deadline", context.Items[4].Record.Attribute);
        Assert.Equal(context.Items.Sum(i => i.Tokens), context.TokenCount);
        Assert.Equal(0, context.Omitted);
        Assert.StartsWith("student/42 enrollment: active since week 1\n", context.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssembleAsync_SmallBudget_KeepsWhatFitsInPriorityOrder()
    {
        var (_, assembler) = await CreateAsync();
        AssembledContext full = await assembler.AssembleAsync(new ContextRequest(1000) { Entities = ["student/42"] }, Ct);
        int budget = full.Items[0].Tokens + full.Items[1].Tokens;

        AssembledContext tight = await assembler.AssembleAsync(new ContextRequest(budget) { Entities = ["student/42"] }, Ct);

        Assert.Equal(full.Items.Take(2).Select(i => i.Record.Attribute), tight.Items.Select(i => i.Record.Attribute));
        Assert.True(tight.TokenCount <= budget);
        Assert.Equal(full.Items.Count - 2, tight.Omitted);
    }

    [Fact]
    public async Task AssembleAsync_CountsTokensWithTheTokenizer()
    {
        var (_, assembler) = await CreateAsync();

        AssembledContext context = await assembler.AssembleAsync(new ContextRequest(1000) { Entities = ["student/42"] }, Ct);

        ContextItem first = context.Items[0];
        Assert.Equal(Microsoft.ML.Tokenizers.TiktokenTokenizer.CreateForEncoding("o200k_base").CountTokens(first.Text) + 1, first.Tokens);
        Assert.InRange(first.Tokens, 5, 30);
    }

    [Fact]
    public void ContextRequest_NonPositiveBudget_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ContextRequest(0));

    [Fact]
    public async Task AddMemorySearch_ResolvesIndexAndAssembler()
    {
        var services = new ServiceCollection();
        services.AddOperatorOsStorageForTest().AddMemorySearch();
        await using ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        await provider.GetRequiredService<MemoryStore>().WriteAsync(new MemoryWrite("course", "faq/deadline", MemoryKind.Fact, TestJson.Parse("\"Sunday\""), Operator), Ct);
        IReadOnlyList<MemorySearchResult> hits = await provider.GetRequiredService<MemoryIndex>().SearchAsync("deadline", cancellationToken: Ct);

        Assert.Equal("faq/deadline", Assert.Single(hits).Record.Attribute);
        Assert.NotNull(provider.GetRequiredService<ContextAssembler>());
    }

    [Fact]
    public async Task AddMemorySearch_KeyedIndexStore_HoldsTheIndexAndTheApplicationStoreDoesNot()
    {
        var services = new ServiceCollection();
        services.AddInMemoryVectorStore();
        services.AddKeyedInMemoryVectorStore(MemoryIndex.VectorStoreServiceKey);
        services.AddOperatorOsStorageForTest().AddMemorySearch();
        await using ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        await provider.GetRequiredService<MemoryStore>().WriteAsync(new MemoryWrite("course", "faq/deadline", MemoryKind.Fact, TestJson.Parse("\"Sunday\""), Operator), Ct);
        Assert.Single(await provider.GetRequiredService<MemoryIndex>().SearchAsync("deadline", cancellationToken: Ct));

        Assert.Equal([new MemoryIndexOptions().CollectionName], await provider.GetRequiredKeyedService<VectorStore>(MemoryIndex.VectorStoreServiceKey).ListCollectionNamesAsync(Ct).ToListAsync(Ct));
        Assert.Empty(await provider.GetRequiredService<VectorStore>().ListCollectionNamesAsync(Ct).ToListAsync(Ct));
    }
}
