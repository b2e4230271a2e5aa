using System.Security.Cryptography;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace OperatorOs.Abstractions.Tests.Journal;

public class JournalChainTests
{
    private const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static readonly DateTimeOffset Start = new(2026, 9, 1, 9, 0, 0, TimeSpan.FromHours(2));

    private enum Tampering
    {
        Payload,
        PayloadHash,
        Hash,
        PreviousHash,
        Stream,
        Type,
        CorrelationId,
        Timestamp,
    }

    [Fact]
    public void GenesisHash_Is64Zeros()
    {
        Assert.Equal(new string('0', 64), JournalChain.GenesisHash);
    }

    [Fact]
    public void ComputePayloadHash_Undefined_IsSha256OfNothing()
    {
        Assert.Equal(EmptySha256, JournalChain.ComputePayloadHash(default));
    }

    [Fact]
    public void ComputePayloadHash_Object_IsLowerHexSha256OfCompactUtf8Json()
    {
        string expected = Convert.ToHexStringLower(SHA256.HashData("""{"a":1,"b":[true,null]}"""u8));

        Assert.Equal(expected, JournalChain.ComputePayloadHash(TestJson.Parse("""{"a":1,"b":[true,null]}""")));
    }

    [Fact]
    public void ComputePayloadHash_InsignificantWhitespace_HashesAlike()
    {
        string compact = JournalChain.ComputePayloadHash(TestJson.Parse("""{"a":1,"b":[true,null]}"""));
        string spaced = JournalChain.ComputePayloadHash(TestJson.Parse("{ \"a\" : 1 ,\n \"b\" : [ true , null ] }"));

        Assert.Equal(compact, spaced);
    }

    [Fact]
    public void ComputePayloadHash_DifferentValues_HashDifferently()
    {
        Assert.NotEqual(JournalChain.ComputePayloadHash(TestJson.Parse("""{"a":1}""")), JournalChain.ComputePayloadHash(TestJson.Parse("""{"a":2}""")));
        Assert.NotEqual(JournalChain.ComputePayloadHash(TestJson.Parse("{}")), JournalChain.ComputePayloadHash(default));
    }

    [Property(MaxTest = 200)]
    public Property ComputePayloadHash_SameJsonParsedTwice_IsDeterministic() =>
        Prop.ForAll(JsonObjects().ToArbitrary(), json =>
        {
            string first = JournalChain.ComputePayloadHash(TestJson.Parse(json));
            string second = JournalChain.ComputePayloadHash(TestJson.Parse(json));
            return first == second && first.Length == 64 && first.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));
        });

    [Fact]
    public void ComputeHash_SameHeader_IsDeterministicLowerHex()
    {
        string first = JournalChain.ComputeHash(JournalChain.GenesisHash, 1, "correlation/1", "intent.received", "c-1", Start, EmptySha256);
        string second = JournalChain.ComputeHash(JournalChain.GenesisHash, 1, "correlation/1", "intent.received", "c-1", Start, EmptySha256);

        Assert.Equal(first, second);
        Assert.Matches("^[0-9a-f]{64}$", first);
    }

    [Fact]
    public void ComputeHash_SameInstantInAnotherOffset_HashesAlike()
    {
        string local = JournalChain.ComputeHash(JournalChain.GenesisHash, 1, "s", "t", null, Start, EmptySha256);
        string utc = JournalChain.ComputeHash(JournalChain.GenesisHash, 1, "s", "t", null, Start.ToUniversalTime(), EmptySha256);

        Assert.Equal(local, utc);
    }

    [Fact]
    public void ComputeHash_Event_MatchesTheFieldOverload()
    {
        JournalEvent e = BuildChain(1)[0];

        Assert.Equal(
            JournalChain.ComputeHash(JournalChain.GenesisHash, e.Sequence, e.Stream, e.Type, e.CorrelationId, e.Timestamp, e.PayloadHash),
            JournalChain.ComputeHash(JournalChain.GenesisHash, e));
        Assert.Equal(e.Hash, JournalChain.ComputeHash(JournalChain.GenesisHash, e));
    }

    [Fact]
    public void ComputeHash_NullArguments_ThrowArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => JournalChain.ComputeHash(null!, 1, "s", "t", null, Start, EmptySha256));
        Assert.Throws<ArgumentNullException>(() => JournalChain.ComputeHash(JournalChain.GenesisHash, 1, null!, "t", null, Start, EmptySha256));
        Assert.Throws<ArgumentNullException>(() => JournalChain.ComputeHash(JournalChain.GenesisHash, 1, "s", null!, null, Start, EmptySha256));
        Assert.Throws<ArgumentNullException>(() => JournalChain.ComputeHash(JournalChain.GenesisHash, 1, "s", "t", null, Start, null!));
        Assert.Throws<ArgumentNullException>(() => JournalChain.ComputeHash(JournalChain.GenesisHash, null!));
    }

    [Property(MaxTest = 300)]
    public Property ComputeHash_RawHashes_EqualsTheHexOverload() =>
        Prop.ForAll(Headers().ToArbitrary(), header =>
        {
            Span<byte> raw = stackalloc byte[JournalChain.HashSizeInBytes];
            JournalChain.ComputeHash(Convert.FromHexString(header.PreviousHash), header.Sequence, header.Stream, header.Type, header.CorrelationId, header.Timestamp, Convert.FromHexString(header.PayloadHash), raw);
            return Convert.ToHexStringLower(raw) == header.Hash();
        });

    [Fact]
    public void ComputeHash_RawHashesOfTheWrongLength_ThrowArgument()
    {
        byte[] hash = new byte[JournalChain.HashSizeInBytes];

        Assert.Throws<ArgumentException>(() => JournalChain.ComputeHash(hash.AsSpan(1), 1, "s", "t", null, Start, hash, new byte[JournalChain.HashSizeInBytes]));
        Assert.Throws<ArgumentException>(() => JournalChain.ComputeHash(hash, 1, "s", "t", null, Start, hash, new byte[16]));
        Assert.ThrowsAny<ArgumentException>(() => JournalChain.ComputeHash(hash, 1, "s\uD800", "t", null, Start, hash, new byte[JournalChain.HashSizeInBytes]));
    }

    [Fact]
    public void SerializePayload_LargerThanTheReusedBuffer_IsCompleteAndHashesAsItsBytes()
    {
        string text = new('x', 400_000);
        JsonElement large = TestJson.Parse($$$"""{"text":"{{{text}}}"}""");

        byte[] bytes = JournalChain.SerializePayload(large);
        byte[] again = JournalChain.SerializePayload(TestJson.Parse("""{"a":1}"""));

        Assert.Equal(text.Length + 11, bytes.Length);
        Assert.Equal(JournalChain.HashCanonicalPayload(bytes), JournalChain.ComputePayloadHash(large));
        Assert.Equal("""{"a":1}"""u8.ToArray(), again);
    }

    [Property(MaxTest = 500)]
    public Property ComputeHash_AnyOneHeaderFieldChanged_ChangesTheHash()
    {
        Gen<(Header Original, Header Changed)> pairs =
            from original in Headers()
            from other in Headers()
            from field in Gen.Choose(0, 6)
            let changed = field switch
            {
                0 => original with { PreviousHash = other.PreviousHash },
                1 => original with { Sequence = other.Sequence },
                2 => original with { Stream = other.Stream },
                3 => original with { Type = other.Type },
                4 => original with { CorrelationId = other.CorrelationId },
                5 => original with { Timestamp = other.Timestamp },
                _ => original with { PayloadHash = other.PayloadHash },
            }
            where changed != original
            select (original, changed);

        return Prop.ForAll(pairs.ToArbitrary(), pair => pair.Original.Hash() != pair.Changed.Hash());
    }

    [Fact]
    public void ComputeHash_SeparatorMovedFromStreamIntoType_ChangesTheHash()
    {
        // Stream and type are free text, so the unit separator the header uses can occur inside them.
        string original = JournalChain.ComputeHash(JournalChain.GenesisHash, 1, "agent/triage\u001fintent", "received", null, Start, EmptySha256);
        string shifted = JournalChain.ComputeHash(JournalChain.GenesisHash, 1, "agent/triage", "intent\u001freceived", null, Start, EmptySha256);

        Assert.NotEqual(original, shifted);
    }

    [Fact]
    public async Task VerifyAsync_StreamTypeBoundaryShifted_ReportsBroken()
    {
        // Arrange: a stored event whose stream contains the header separator.
        var events = new List<JournalEvent>();
        JournalEvent stored = Append(events, "agent/triage\u001fintent", "received", null, TestJson.Parse("{}"), Start);
        events[0] = stored with { Stream = "agent/triage", Type = "intent\u001freceived" };

        // Act
        JournalVerification result = await JournalChain.VerifyAsync(ToAsync(events), JournalChain.GenesisHash, TestContext.Current.CancellationToken);

        // Assert
        Assert.False(result.IsIntact, "Moving text between the stream and the type went undetected.");
        Assert.Equal(1, result.FirstBrokenSequence);
    }

    [Fact]
    public async Task VerifyAsync_IntactChain_ReportsIntactWithCount()
    {
        List<JournalEvent> events = BuildChain(10);

        JournalVerification result = await JournalChain.VerifyAsync(ToAsync(events), JournalChain.GenesisHash, TestContext.Current.CancellationToken);

        Assert.Equal(JournalVerification.Intact(10), result);
        Assert.True(result.IsIntact);
        Assert.Null(result.FirstBrokenSequence);
        Assert.Null(result.Problem);
    }

    [Fact]
    public async Task VerifyAsync_NoEvents_ReportsIntactWithZero()
    {
        JournalVerification result = await JournalChain.VerifyAsync(ToAsync([]), JournalChain.GenesisHash, TestContext.Current.CancellationToken);

        Assert.Equal(JournalVerification.Intact(0), result);
    }

    [Fact]
    public async Task VerifyAsync_TamperedPayload_ReportsThatSequence()
    {
        // Arrange
        List<JournalEvent> events = BuildChain(6);
        events[3] = events[3] with { Payload = TestJson.Parse("""{"n":999}""") };

        // Act
        JournalVerification result = await JournalChain.VerifyAsync(ToAsync(events), JournalChain.GenesisHash, TestContext.Current.CancellationToken);

        // Assert
        Assert.False(result.IsIntact);
        Assert.Equal(4, result.FirstBrokenSequence);
        Assert.Equal(3, result.EventsVerified);
        Assert.Contains("payload", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_TamperedHash_ReportsThatSequence()
    {
        List<JournalEvent> events = BuildChain(6);
        events[2] = events[2] with { Hash = Flip(events[2].Hash) };

        JournalVerification result = await JournalChain.VerifyAsync(ToAsync(events), JournalChain.GenesisHash, TestContext.Current.CancellationToken);

        Assert.False(result.IsIntact);
        Assert.Equal(3, result.FirstBrokenSequence);
        Assert.Equal(2, result.EventsVerified);
    }

    [Fact]
    public async Task VerifyAsync_PayloadRewrittenAndEventRehashed_ReportsTheNextSequence()
    {
        // Arrange: a forger who recomputes the tampered event's hashes still breaks the next link.
        List<JournalEvent> events = BuildChain(5);
        JournalEvent forged = events[1] with { Payload = TestJson.Parse("""{"n":-1}""") };
        forged = forged with { PayloadHash = JournalChain.ComputePayloadHash(forged.Payload) };
        forged = forged with { Hash = JournalChain.ComputeHash(forged.PreviousHash, forged) };
        events[1] = forged;

        // Act
        JournalVerification result = await JournalChain.VerifyAsync(ToAsync(events), JournalChain.GenesisHash, TestContext.Current.CancellationToken);

        // Assert
        Assert.False(result.IsIntact);
        Assert.Equal(3, result.FirstBrokenSequence);
        Assert.Equal(2, result.EventsVerified);
        Assert.Contains("previous hash", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_MissingEvent_ReportsTheSequenceAfterTheGap()
    {
        List<JournalEvent> events = BuildChain(6);
        events.RemoveAt(3);

        JournalVerification result = await JournalChain.VerifyAsync(ToAsync(events), JournalChain.GenesisHash, TestContext.Current.CancellationToken);

        Assert.False(result.IsIntact);
        Assert.Equal(5, result.FirstBrokenSequence);
        Assert.Equal(3, result.EventsVerified);
        Assert.Contains("expected sequence 4", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_MissingFirstEvent_ReportsTheNewFirstSequence()
    {
        List<JournalEvent> events = BuildChain(3);
        events.RemoveAt(0);

        JournalVerification result = await JournalChain.VerifyAsync(ToAsync(events), JournalChain.GenesisHash, TestContext.Current.CancellationToken);

        Assert.False(result.IsIntact);
        Assert.Equal(2, result.FirstBrokenSequence);
        Assert.Equal(0, result.EventsVerified);
    }

    [Fact]
    public async Task VerifyAsync_MissingLastEvent_IsUndetectableWithoutAnAnchor()
    {
        // Truncation at the end leaves a valid prefix; only an external anchor (count or head hash) reveals it.
        List<JournalEvent> events = BuildChain(4);
        events.RemoveAt(3);

        JournalVerification result = await JournalChain.VerifyAsync(ToAsync(events), JournalChain.GenesisHash, TestContext.Current.CancellationToken);

        Assert.Equal(JournalVerification.Intact(3), result);
    }

    [Fact]
    public async Task VerifyAsync_ReorderedEvents_ReportsTheFirstOutOfPlaceSequence()
    {
        List<JournalEvent> events = BuildChain(6);
        (events[2], events[3]) = (events[3], events[2]);

        JournalVerification result = await JournalChain.VerifyAsync(ToAsync(events), JournalChain.GenesisHash, TestContext.Current.CancellationToken);

        Assert.False(result.IsIntact);
        Assert.Equal(4, result.FirstBrokenSequence);
        Assert.Equal(2, result.EventsVerified);
    }

    [Fact]
    public async Task VerifyAsync_DuplicatedEvent_ReportsBroken()
    {
        List<JournalEvent> events = BuildChain(4);
        events.Insert(2, events[1]);

        JournalVerification result = await JournalChain.VerifyAsync(ToAsync(events), JournalChain.GenesisHash, TestContext.Current.CancellationToken);

        Assert.False(result.IsIntact);
        Assert.Equal(2, result.FirstBrokenSequence);
        Assert.Equal(2, result.EventsVerified);
    }

    [Fact]
    public async Task VerifyAsync_PayloadDroppedByRetention_StaysIntact()
    {
        List<JournalEvent> events = BuildChain(5);
        events[1] = events[1] with { Payload = default };
        events[3] = events[3] with { Payload = default };

        JournalVerification result = await JournalChain.VerifyAsync(ToAsync(events), JournalChain.GenesisHash, TestContext.Current.CancellationToken);

        Assert.Equal(JournalVerification.Intact(5), result);
    }

    [Fact]
    public async Task VerifyAsync_PayloadDroppedAndPayloadHashTampered_ReportsThatSequence()
    {
        List<JournalEvent> events = BuildChain(5);
        events[2] = events[2] with { Payload = default, PayloadHash = EmptySha256 };

        JournalVerification result = await JournalChain.VerifyAsync(ToAsync(events), JournalChain.GenesisHash, TestContext.Current.CancellationToken);

        Assert.False(result.IsIntact);
        Assert.Equal(3, result.FirstBrokenSequence);
    }

    [Fact]
    public async Task VerifyAsync_TimestampsReadBackInUtc_StaysIntact()
    {
        List<JournalEvent> events = BuildChain(4).Select(e => e with { Timestamp = e.Timestamp.ToUniversalTime() }).ToList();

        JournalVerification result = await JournalChain.VerifyAsync(ToAsync(events), JournalChain.GenesisHash, TestContext.Current.CancellationToken);

        Assert.Equal(JournalVerification.Intact(4), result);
    }

    [Fact]
    public async Task VerifyAsync_SuffixWithItsPreviousHash_IsIntact()
    {
        List<JournalEvent> events = BuildChain(8);

        JournalVerification result = await JournalChain.VerifyAsync(ToAsync(events.Skip(5).ToList()), events[4].Hash, TestContext.Current.CancellationToken);

        Assert.Equal(JournalVerification.Intact(3), result);
    }

    [Fact]
    public async Task VerifyAsync_SuffixFromGenesis_ReportsItsFirstSequence()
    {
        List<JournalEvent> events = BuildChain(8);

        JournalVerification result = await JournalChain.VerifyAsync(ToAsync(events.Skip(5).ToList()), JournalChain.GenesisHash, TestContext.Current.CancellationToken);

        Assert.False(result.IsIntact);
        Assert.Equal(6, result.FirstBrokenSequence);
    }

    [Fact]
    public async Task VerifyAsync_NullEvents_ThrowsArgumentNull()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => JournalChain.VerifyAsync(null!, JournalChain.GenesisHash, TestContext.Current.CancellationToken));
    }

    [Property(MaxTest = 300)]
    public Property VerifyAsync_AnySingleTampering_ReportsExactlyThatSequence()
    {
        Gen<(int Count, int Index, Tampering Tampering)> cases =
            from count in Gen.Choose(1, 25)
            from index in Gen.Choose(0, count - 1)
            from tampering in Gen.Elements(Enum.GetValues<Tampering>())
            select (count, index, tampering);

        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            List<JournalEvent> events = BuildChain(c.Count);
            events[c.Index] = Tamper(events[c.Index], c.Tampering);

            JournalVerification result = JournalChain.VerifyAsync(ToAsync(events)).GetAwaiter().GetResult();

            return !result.IsIntact && result.FirstBrokenSequence == c.Index + 1 && result.EventsVerified == c.Index && result.Problem is { Length: > 0 };
        });
    }

    [Fact]
    public void JournalVerification_Broken_CarriesSequenceAndProblem()
    {
        JournalVerification broken = JournalVerification.Broken(4, 5, "bad");

        Assert.False(broken.IsIntact);
        Assert.Equal(4, broken.EventsVerified);
        Assert.Equal(5, broken.FirstBrokenSequence);
        Assert.Equal("bad", broken.Problem);
    }

    private static JournalEvent Tamper(JournalEvent e, Tampering tampering) => tampering switch
    {
        Tampering.Payload => e with { Payload = TestJson.Parse("""{"tampered":true}""") },
        Tampering.PayloadHash => e with { PayloadHash = Flip(e.PayloadHash) },
        Tampering.Hash => e with { Hash = Flip(e.Hash) },
        Tampering.PreviousHash => e with { PreviousHash = Flip(e.PreviousHash) },
        Tampering.Stream => e with { Stream = e.Stream + "x" },
        Tampering.Type => e with { Type = e.Type + "x" },
        Tampering.CorrelationId => e with { CorrelationId = e.CorrelationId is null ? "c" : e.CorrelationId + "x" },
        Tampering.Timestamp => e with { Timestamp = e.Timestamp.AddTicks(1) },
        _ => throw new ArgumentOutOfRangeException(nameof(tampering)),
    };

    private static string Flip(string hash) => (hash[0] == '0' ? "1" : "0") + hash[1..];

    private static List<JournalEvent> BuildChain(int count)
    {
        var events = new List<JournalEvent>();
        for (int i = 1; i <= count; i++)
        {
            _ = Append(events, $"correlation/{i % 3}", i % 2 == 0 ? JournalEventTypes.PolicyDecided : JournalEventTypes.ProposalCreated, i % 2 == 0 ? null : $"c-{i}", TestJson.Parse($$"""{"n":{{i}},"text":"event {{i}}"}"""), Start.AddSeconds(i));
        }

        return events;
    }

    private static JournalEvent Append(List<JournalEvent> events, string stream, string type, string? correlationId, JsonElement payload, DateTimeOffset timestamp)
    {
        long sequence = events.Count + 1;
        string previous = events.Count == 0 ? JournalChain.GenesisHash : events[^1].Hash;
        string payloadHash = JournalChain.ComputePayloadHash(payload);
        string hash = JournalChain.ComputeHash(previous, sequence, stream, type, correlationId, timestamp, payloadHash);
        var e = new JournalEvent(sequence, stream, type, payload, correlationId, timestamp, payloadHash, previous, hash);
        events.Add(e);
        return e;
    }

#pragma warning disable CS1998 // An async iterator over a list completes synchronously.
    private static async IAsyncEnumerable<JournalEvent> ToAsync(List<JournalEvent> events)
    {
        foreach (JournalEvent e in events)
        {
            yield return e;
        }
    }
#pragma warning restore CS1998

    private static Gen<string> Hex64() =>
        Gen.ArrayOf(Gen.Elements("0123456789abcdef".ToCharArray()), 64).Select(chars => new string(chars));

    private static Gen<string> Text() =>
        from length in Gen.Choose(1, 24)
        from chars in Gen.ArrayOf(Gen.Choose(0x20, 0xD7FF).Select(c => (char)c), length)
        select new string(chars);

    private static Gen<Header> Headers() =>
        from previous in Hex64()
        from sequence in Gen.Choose(1, int.MaxValue).Select(s => (long)s * 3)
        from stream in Text()
        from type in Text()
        from correlationId in Gen.OneOf(Gen.Constant<string?>(null), Text().Select(t => (string?)t))
        from seconds in Gen.Choose(0, int.MaxValue)
        from ticks in Gen.Choose(0, 9_999_999)
        from offsetHours in Gen.Choose(-12, 14)
        from payloadHash in Hex64()
        let utc = DateTimeOffset.UnixEpoch.AddSeconds(seconds).AddTicks(ticks)
        select new Header(previous, sequence, stream, type, correlationId, utc.ToOffset(TimeSpan.FromHours(offsetHours)), payloadHash);

    private static Gen<string> JsonObjects() =>
        from count in Gen.Choose(0, 6)
        from keys in Gen.ArrayOf(Text(), count)
        from values in Gen.ArrayOf(Gen.Choose(int.MinValue, int.MaxValue), count)
        select JsonSerializer.Serialize(keys.Distinct().Zip(values).ToDictionary(p => p.First, p => p.Second));

    private sealed record Header(string PreviousHash, long Sequence, string Stream, string Type, string? CorrelationId, DateTimeOffset Timestamp, string PayloadHash)
    {
        // Two headers are the same when they hash the same fields: the timestamp counts as its UTC instant.
        public bool Equals(Header? other) =>
            other is not null
            && PreviousHash == other.PreviousHash
            && Sequence == other.Sequence
            && Stream == other.Stream
            && Type == other.Type
            && CorrelationId == other.CorrelationId
            && Timestamp.UtcTicks == other.Timestamp.UtcTicks
            && PayloadHash == other.PayloadHash;

        public override int GetHashCode() => HashCode.Combine(PreviousHash, Sequence, Stream, Type, CorrelationId, Timestamp.UtcTicks, PayloadHash);

        public string Hash() => JournalChain.ComputeHash(PreviousHash, Sequence, Stream, Type, CorrelationId, Timestamp, PayloadHash);
    }
}
