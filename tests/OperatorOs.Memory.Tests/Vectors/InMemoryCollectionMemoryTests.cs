namespace OperatorOs.Memory.Tests.Vectors;

/// <summary>Measures retained memory, so it runs alone: GC.GetTotalMemory is process-wide.</summary>
[Collection(nameof(InMemoryCollectionMemoryTests))]
[CollectionDefinition(nameof(InMemoryCollectionMemoryTests), DisableParallelization = true)]
public class InMemoryCollectionMemoryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Memory_384DimensionRecords_StaysUnder1700BytesEach() =>
        Assert.True(await MeasureAsync(VectorQuantization.None) <= 1700);

    [Fact]
    public async Task Memory_384DimensionRecordsWithInt8_StaysUnder2150BytesEach() =>
        Assert.True(await MeasureAsync(VectorQuantization.Int8) <= 2150);

    private static async Task<double> MeasureAsync(VectorQuantization quantization)
    {
        const int Count = 20_000;
        using var store = new InMemoryVectorStore(new InMemoryVectorStoreOptions { Quantization = quantization });
        var collection = store.GetCollection<Guid, MemoryRecord384>("memory");
        await collection.EnsureCollectionExistsAsync(Ct);
        var random = new Random(7);

        long before = GC.GetTotalMemory(forceFullCollection: true);
        for (int batch = 0; batch < Count / 1000; batch++)
        {
            var records = new List<MemoryRecord384>(1000);
            for (int i = 0; i < 1000; i++)
            {
                var vector = new float[384];
                for (int d = 0; d < vector.Length; d++)
                {
                    vector[d] = (float)random.NextDouble();
                }

                records.Add(new MemoryRecord384 { Id = Guid.NewGuid(), Vector = vector });
            }

            await collection.UpsertAsync(records, Ct);
        }

        long after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(collection);

        double perRecord = (after - before) / (double)Count;
        TestContext.Current.SendDiagnosticMessage($"{perRecord:F0} bytes per 384-dimension record ({quantization})");
        return perRecord;
    }
}
