using System.Collections.Concurrent;
using System.Linq.Expressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;

#pragma warning disable MEVD9001 // Provider services are experimental.

namespace OperatorOs.Memory.Tests.Vectors;

public class InMemoryFilterCompilerTests
{
    private static readonly string?[] Names = ["alpha", "beta", "gamma", null];
    private static readonly string[] TagPool = ["red", "green", "blue"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Property(MaxTest = 60)]
    public Property GetAsync_EveryOperator_AgreesWithLinqToObjects()
    {
        Gen<(int Seed, int Count, int Pivot, int Name, int Tag)> cases =
            from seed in Gen.Choose(0, int.MaxValue - 1)
            from count in Gen.Choose(0, 60)
            from pivot in Gen.Choose(-1, 6)
            from name in Gen.Choose(0, Names.Length - 1)
            from tag in Gen.Choose(0, TagPool.Length - 1)
            select (seed, count, pivot, name, tag);

        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            List<FilterVectorRecord> records = RandomRecords(new Random(c.Seed), c.Count);
            using var store = new InMemoryVectorStore();
            var collection = store.GetCollection<int, FilterVectorRecord>("f");
            collection.EnsureCollectionExistsAsync().GetAwaiter().GetResult();
            collection.UpsertAsync(records.Select(r => r.Clone())).GetAwaiter().GetResult();

            int pivot = c.Pivot;
            long longPivot = c.Pivot * 10L;
            double price = c.Pivot / 2.0;
            string? name = Names[c.Name];
            string tag = TagPool[c.Tag];
            string[] someNames = [Names[c.Name]!, "beta"];
            List<int> ratings = [pivot, pivot + 2];
            Expression<Func<FilterVectorRecord, bool>>[] filters =
            [
                r => r.Rating == pivot,
                r => r.Rating != pivot,
                r => r.Rating < pivot,
                r => r.Rating <= pivot,
                r => r.Rating > pivot,
                r => r.Rating >= pivot,
                r => r.Count > longPivot,
                r => r.Price <= price,
                r => r.Name == name,
                r => r.Name != name,
                r => r.Name == null,
                r => r.Name != null && r.Rating > 2,
                r => r.IsActive,
                r => !r.IsActive,
                r => r.IsActive == false || r.Rating == 3,
                r => !(r.Rating > pivot && r.IsActive),
                r => r.OptionalRating == null,
                r => r.OptionalRating > pivot,
                r => r.OptionalRating == pivot,
                r => r.Tags.Contains(tag),
                r => r.Labels.Contains(tag),
                r => someNames.Contains(r.Name!),
                r => new[] { "alpha", "gamma" }.Contains(r.Name!),
                r => ratings.Contains(r.Rating),
                r => r.Rating > 1 && r.Rating < 5 && (r.IsActive || r.Name == "alpha"),
            ];

            foreach (Expression<Func<FilterVectorRecord, bool>> filter in filters)
            {
                int[] expected = [.. records.Where(filter.Compile()).Select(r => r.Id).Order()];
                int[] actual = [.. collection.GetAsync(filter, 1000).ToListAsync().AsTask().GetAwaiter().GetResult().Select(r => r.Id).Order()];
                if (!expected.SequenceEqual(actual))
                {
                    return false.Label($"{filter}: expected [{string.Join(",", expected)}] got [{string.Join(",", actual)}]");
                }
            }

            return true.ToProperty();
        });
    }

    [Property(MaxTest = 30)]
    public Property GetAsync_DynamicRecords_AgreesWithLinqToObjects()
    {
        Gen<(int Seed, int Pivot, int Name)> cases =
            from seed in Gen.Choose(0, int.MaxValue - 1)
            from pivot in Gen.Choose(-1, 6)
            from name in Gen.Choose(0, Names.Length - 1)
            select (seed, pivot, name);

        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            List<FilterVectorRecord> typed = RandomRecords(new Random(c.Seed), 40);
            List<Dictionary<string, object?>> records = [.. typed.Select(ToDynamic)];
            using var store = new InMemoryVectorStore();
            var collection = store.GetDynamicCollection("d", DynamicDefinition());
            collection.EnsureCollectionExistsAsync().GetAwaiter().GetResult();
            collection.UpsertAsync(records).GetAwaiter().GetResult();

            int pivot = c.Pivot;
            string? name = Names[c.Name];
            Expression<Func<Dictionary<string, object?>, bool>>[] filters =
            [
                r => (int)r["Rating"]! == pivot,
                r => (int)r["Rating"]! >= pivot && (bool)r["IsActive"]!,
                r => (string?)r["Name"] == name,
                r => (string?)r["Name"] != null || (int)r["Rating"]! < pivot,
                r => !(bool)r["IsActive"]!,
                r => ((string[])r["Tags"]!).Contains("red"),
                r => new[] { "alpha", "beta" }.Contains((string)r["Name"]!),
            ];

            foreach (Expression<Func<Dictionary<string, object?>, bool>> filter in filters)
            {
                int[] expected = [.. records.Where(filter.Compile()).Select(r => (int)r["Id"]!).Order()];
                int[] actual = [.. collection.GetAsync(filter, 1000).ToListAsync().AsTask().GetAwaiter().GetResult().Select(r => (int)r["Id"]!).Order()];
                if (!expected.SequenceEqual(actual))
                {
                    return false.Label($"{filter}: expected [{string.Join(",", expected)}] got [{string.Join(",", actual)}]");
                }
            }

            return true.ToProperty();
        });
    }

    [Fact]
    public void Compile_SameShapeNewConstant_ReusesTheCompiledDelegate()
    {
        CollectionModel model = Model();
        var cache = new ConcurrentDictionary<string, Delegate>();
        var record = new FilterVectorRecord { Rating = 3, Name = "alpha" };

        for (int pivot = 0; pivot < 5; pivot++)
        {
            CompiledFilter<FilterVectorRecord> filter = InMemoryFilterCompiler.Compile<FilterVectorRecord>(r => r.Rating > pivot && r.Name == "alpha", model, cache);
            Assert.Equal(3 > pivot, filter.Matches(record));
        }

        CompiledFilter<FilterVectorRecord> literal = InMemoryFilterCompiler.Compile<FilterVectorRecord>(r => r.Rating > 1 && r.Name == "beta", model, cache);

        Assert.False(literal.Matches(record));
        Assert.Single(cache);
    }

    [Fact]
    public void Compile_DifferentShape_CompilesAnotherDelegate()
    {
        CollectionModel model = Model();
        var cache = new ConcurrentDictionary<string, Delegate>();

        _ = InMemoryFilterCompiler.Compile<FilterVectorRecord>(r => r.Rating > 1, model, cache);
        _ = InMemoryFilterCompiler.Compile<FilterVectorRecord>(r => r.Rating < 1, model, cache);

        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public async Task GetAsync_UnsupportedFilter_ThrowsNotSupportedNamingTheNode()
    {
        using var store = new InMemoryVectorStore();
        var collection = store.GetCollection<int, FilterVectorRecord>("u");
        await collection.EnsureCollectionExistsAsync(Ct);

        var startsWith = await Assert.ThrowsAsync<NotSupportedException>(async () => await collection.GetAsync(r => r.Name!.StartsWith('a'), 10, cancellationToken: Ct).ToListAsync(Ct));
        var arithmetic = await Assert.ThrowsAsync<NotSupportedException>(async () => await collection.GetAsync(r => r.Rating + 1 > 2, 10, cancellationToken: Ct).ToListAsync(Ct));
        await Assert.ThrowsAsync<NotSupportedException>(async () =>
            await collection.SearchAsync(new float[] { 1, 2, 3, 4 }, 1, new() { Filter = r => r.Name!.Length > 2 }, Ct).ToListAsync(Ct));

        Assert.Contains("Call", startsWith.Message, StringComparison.Ordinal);
        Assert.Contains("Add", arithmetic.Message, StringComparison.Ordinal);
    }

    internal static List<FilterVectorRecord> RandomRecords(Random random, int count) =>
    [
        .. Enumerable.Range(0, count).Select(i => new FilterVectorRecord
        {
            Id = i,
            Name = Names[random.Next(Names.Length)],
            Rating = random.Next(0, 6),
            Count = random.Next(0, 60),
            Price = random.Next(0, 8) / 2.0,
            IsActive = random.Next(2) == 0,
            OptionalRating = random.Next(3) == 0 ? null : random.Next(0, 6),
            Tags = [.. TagPool.Where(_ => random.Next(2) == 0)],
            Labels = [.. TagPool.Where(_ => random.Next(2) == 0)],
            Vector = new float[] { i, 1, 2, 3 },
        }),
    ];

    private static Dictionary<string, object?> ToDynamic(FilterVectorRecord r) => new()
    {
        ["Id"] = r.Id,
        ["Name"] = r.Name,
        ["Rating"] = r.Rating,
        ["IsActive"] = r.IsActive,
        ["Tags"] = r.Tags,
        ["Vector"] = r.Vector,
    };

    private static VectorStoreCollectionDefinition DynamicDefinition() => new()
    {
        Properties =
        [
            new VectorStoreKeyProperty("Id", typeof(int)),
            new VectorStoreDataProperty("Name", typeof(string)),
            new VectorStoreDataProperty("Rating", typeof(int)),
            new VectorStoreDataProperty("IsActive", typeof(bool)),
            new VectorStoreDataProperty("Tags", typeof(string[])),
            new VectorStoreVectorProperty("Vector", typeof(ReadOnlyMemory<float>), 4),
        ],
    };

#pragma warning disable IL2026, IL3050 // Tests run on the JIT.
    private static CollectionModel Model() => new InMemoryModelBuilder().Build(typeof(FilterVectorRecord), typeof(int), null, null);
#pragma warning restore IL2026, IL3050
}
