using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>Computes the journal's tamper-evident hash chain, the same way in every journal store.</summary>
/// <remarks>
/// Each event's hash covers the previous event's hash, its own header (sequence, stream, type, correlation id, timestamp)
/// and the hash of its payload. Retention may drop a payload but keeps its hash, so the chain stays verifiable.
/// </remarks>
public static class JournalChain
{
    /// <summary>The previous hash of the first event.</summary>
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    [ThreadStatic]
    private static IncrementalHash? t_sha256;

    /// <summary>Writes a payload in the canonical form the journal hashes and durable stores keep: compact UTF-8 JSON.</summary>
    /// <param name="payload">The payload; an undefined element gives no bytes.</param>
    /// <returns>The canonical bytes.</returns>
    /// <remarks>
    /// The canonical form is what a <see cref="Utf8JsonWriter"/> with default options writes for the element. Bytes a default writer
    /// produced are canonical when every string went through its string overloads (and elements through <see cref="JsonElement.WriteTo"/>):
    /// not raw or indented JSON, and not its DateTimeOffset, DateTime or Guid overloads, which leave an offset's '+' unescaped.
    /// </remarks>
    public static byte[] SerializePayload(JsonElement payload) =>
        payload.ValueKind == JsonValueKind.Undefined ? [] : WriteCanonical(payload).ToArray();

    /// <summary>Computes the hash of a payload: SHA-256 over its canonical form (<see cref="SerializePayload"/>), hex-encoded in lower case.</summary>
    /// <param name="payload">The payload; an undefined element hashes as the empty string.</param>
    /// <returns>The payload hash.</returns>
    public static string ComputePayloadHash(JsonElement payload) =>
        HashCanonicalPayload(payload.ValueKind == JsonValueKind.Undefined ? [] : WriteCanonical(payload));

    /// <summary>Computes the hash of a payload already in canonical form.</summary>
    /// <param name="canonicalPayload">The canonical bytes, as stored.</param>
    /// <returns>The payload hash.</returns>
    public static string HashCanonicalPayload(ReadOnlySpan<byte> canonicalPayload)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        HashCanonicalPayload(canonicalPayload, hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>Computes the hash of a payload already in canonical form, raw (not hex-encoded), into a span.</summary>
    /// <param name="canonicalPayload">The canonical bytes, as stored.</param>
    /// <param name="destination">Receives the SHA-256: <see cref="HashSizeInBytes"/> bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is not <see cref="HashSizeInBytes"/> bytes long.</exception>
    public static void HashCanonicalPayload(ReadOnlySpan<byte> canonicalPayload, Span<byte> destination)
    {
        if (destination.Length != HashSizeInBytes)
        {
            throw new ArgumentException($"Raw hashes are {HashSizeInBytes} bytes long.", nameof(destination));
        }

        Sha256(canonicalPayload, destination);
    }

    /// <summary>Computes an event's chain hash.</summary>
    /// <param name="previousHash">The previous event's hash.</param>
    /// <param name="sequence">The event's sequence number.</param>
    /// <param name="stream">The event's stream.</param>
    /// <param name="type">The event's type.</param>
    /// <param name="correlationId">The event's correlation id.</param>
    /// <param name="timestamp">The event's timestamp.</param>
    /// <param name="payloadHash">The event's payload hash.</param>
    /// <returns>The chain hash, hex-encoded in lower case.</returns>
    /// <exception cref="ArgumentNullException">A string argument other than <paramref name="correlationId"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A string contains a lone surrogate and so has no UTF-8 form.</exception>
    public static string ComputeHash(string previousHash, long sequence, string stream, string type, string? correlationId, DateTimeOffset timestamp, string payloadHash)
    {
        _ = Throw.IfNull(previousHash);
        _ = Throw.IfNull(stream);
        _ = Throw.IfNull(type);
        _ = Throw.IfNull(payloadHash);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        HashLink(previousHash, sequence, stream, type, correlationId, timestamp, payloadHash, hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>Computes an event's chain hash from the raw (not hex-encoded) hashes it links, into a span; the same value as <see cref="ComputeHash(string, long, string, string, string?, DateTimeOffset, string)"/> gives hex-encoded.</summary>
    /// <param name="previousHash">The previous event's hash: <see cref="HashSizeInBytes"/> raw bytes.</param>
    /// <param name="sequence">The event's sequence number.</param>
    /// <param name="stream">The event's stream.</param>
    /// <param name="type">The event's type.</param>
    /// <param name="correlationId">The event's correlation id.</param>
    /// <param name="timestamp">The event's timestamp.</param>
    /// <param name="payloadHash">The SHA-256 of the event's canonical payload: <see cref="HashSizeInBytes"/> raw bytes.</param>
    /// <param name="destination">Receives the chain hash: <see cref="HashSizeInBytes"/> raw bytes.</param>
    /// <remarks>For stores that keep hashes as bytes and encode them only when an event is read.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> or <paramref name="type"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A span is not <see cref="HashSizeInBytes"/> bytes long, or a string contains a lone surrogate.</exception>
    public static void ComputeHash(ReadOnlySpan<byte> previousHash, long sequence, string stream, string type, string? correlationId, DateTimeOffset timestamp, ReadOnlySpan<byte> payloadHash, Span<byte> destination)
    {
        _ = Throw.IfNull(stream);
        _ = Throw.IfNull(type);
        if (previousHash.Length != HashSizeInBytes || payloadHash.Length != HashSizeInBytes || destination.Length != HashSizeInBytes)
        {
            throw new ArgumentException($"Raw hashes are {HashSizeInBytes} bytes long.");
        }

        Span<char> previousHex = stackalloc char[2 * HashSizeInBytes];
        Span<char> payloadHex = stackalloc char[2 * HashSizeInBytes];
        _ = Convert.TryToHexStringLower(previousHash, previousHex, out _);
        _ = Convert.TryToHexStringLower(payloadHash, payloadHex, out _);
        HashLink(previousHex, sequence, stream, type, correlationId, timestamp, payloadHex, destination);
    }

    /// <summary>The length of a raw SHA-256 hash, in bytes.</summary>
    public const int HashSizeInBytes = SHA256.HashSizeInBytes;

    // Each field is length-prefixed (-1 for null), so no shift of text between fields, and no null/empty swap,
    // yields the same bytes. Strict UTF-8 refuses lone surrogates instead of collapsing them into U+FFFD.
    private static void HashLink(ReadOnlySpan<char> previousHash, long sequence, string stream, string type, string? correlationId, DateTimeOffset timestamp, ReadOnlySpan<char> payloadHash, Span<byte> destination)
    {
        int length = (7 * sizeof(long)) + StrictUtf8.GetByteCount(previousHash) + StrictUtf8.GetByteCount(stream) + StrictUtf8.GetByteCount(type)
            + (correlationId is null ? 0 : StrictUtf8.GetByteCount(correlationId)) + StrictUtf8.GetByteCount(payloadHash);
        byte[]? rented = length > 1024 ? ArrayPool<byte>.Shared.Rent(length) : null;
        Span<byte> buffer = rented is null ? stackalloc byte[length] : rented.AsSpan(0, length);
        try
        {
            int written = WriteField(buffer, previousHash);
            BinaryPrimitives.WriteInt64LittleEndian(buffer[written..], sequence);
            written += sizeof(long);
            written += WriteField(buffer[written..], stream);
            written += WriteField(buffer[written..], type);
            if (correlationId is null)
            {
                BinaryPrimitives.WriteInt64LittleEndian(buffer[written..], -1);
                written += sizeof(long);
            }
            else
            {
                written += WriteField(buffer[written..], correlationId);
            }

            BinaryPrimitives.WriteInt64LittleEndian(buffer[written..], timestamp.UtcTicks);
            written += sizeof(long);
            written += WriteField(buffer[written..], payloadHash);
            Sha256(buffer[..written], destination);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Computes the hash an event should have, given the previous hash.</summary>
    /// <param name="previousHash">The previous event's hash.</param>
    /// <param name="journalEvent">The event.</param>
    /// <returns>The expected chain hash.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="journalEvent"/> is <see langword="null"/>.</exception>
    public static string ComputeHash(string previousHash, JournalEvent journalEvent)
    {
        _ = Throw.IfNull(journalEvent);
        return ComputeHash(previousHash, journalEvent.Sequence, journalEvent.Stream, journalEvent.Type, journalEvent.CorrelationId, journalEvent.Timestamp, journalEvent.PayloadHash);
    }

    private static int WriteField(Span<byte> destination, ReadOnlySpan<char> value)
    {
        int bytes = StrictUtf8.GetBytes(value, destination[sizeof(long)..]);
        BinaryPrimitives.WriteInt64LittleEndian(destination, bytes);
        return sizeof(long) + bytes;
    }

    // SHA-256 with a hasher of this thread kept open: the journal hashes twice per event, and a one-shot hash sets up and tears down
    // the native digest every time.
    private static void Sha256(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        IncrementalHash hasher = t_sha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hasher.AppendData(data);
        _ = hasher.GetHashAndReset(destination);
    }

    // The canonical bytes of a payload, in a buffer of this thread that the next call reuses.
    private static ReadOnlySpan<byte> WriteCanonical(JsonElement payload)
    {
        ArrayBufferWriter<byte> buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        Utf8JsonWriter writer = t_writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        payload.WriteTo(writer);
        writer.Flush();
        ReadOnlySpan<byte> written = buffer.WrittenSpan;
        if (buffer.Capacity > 256 * 1024)
        {
            // One huge payload should not pin its buffer for the life of the thread: the span stays valid, the next call starts small.
            t_buffer = null;
            t_writer = null;
        }

        return written;
    }

    /// <summary>Checks a run of events, in sequence order, starting after an event with a known hash.</summary>
    /// <param name="events">The events to check.</param>
    /// <param name="previousHash">The hash of the event before the first one, or <see cref="GenesisHash"/>.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The verification result, naming the first broken link if there is one.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> is <see langword="null"/>.</exception>
    public static async Task<JournalVerification> VerifyAsync(IAsyncEnumerable<JournalEvent> events, string previousHash = GenesisHash, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(events);
        long count = 0;
        long expectedSequence = -1;
        await foreach (JournalEvent e in events.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            string? actualPayloadHash = e.Payload.ValueKind == JsonValueKind.Undefined ? null : ComputePayloadHash(e.Payload);
            if (CheckLink(previousHash, expectedSequence, e, actualPayloadHash) is { } problem)
            {
                return JournalVerification.Broken(count, e.Sequence, problem);
            }

            previousHash = e.Hash;
            expectedSequence = e.Sequence + 1;
            count++;
        }

        return JournalVerification.Intact(count);
    }

    /// <summary>Checks one link of the chain: the event follows its predecessor, and its payload and hash match its contents.</summary>
    /// <param name="previousHash">The predecessor's hash, or <see cref="GenesisHash"/>.</param>
    /// <param name="expectedSequence">The sequence the event should have, or a negative number when any is acceptable (the first event read).</param>
    /// <param name="journalEvent">The event.</param>
    /// <param name="actualPayloadHash">The hash of the payload as stored, or <see langword="null"/> when retention dropped it.</param>
    /// <returns>What is wrong, or <see langword="null"/> when the link holds.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="journalEvent"/> is <see langword="null"/>.</exception>
    public static string? CheckLink(string previousHash, long expectedSequence, JournalEvent journalEvent, string? actualPayloadHash)
    {
        _ = Throw.IfNull(journalEvent);
        if (expectedSequence >= 0 && journalEvent.Sequence != expectedSequence)
        {
            return $"expected sequence {expectedSequence}, found {journalEvent.Sequence}";
        }

        if (!string.Equals(journalEvent.PreviousHash, previousHash, StringComparison.Ordinal))
        {
            return "the previous hash does not match the preceding event";
        }

        if (actualPayloadHash is not null && !string.Equals(actualPayloadHash, journalEvent.PayloadHash, StringComparison.Ordinal))
        {
            return "the payload does not match its hash";
        }

        string expected;
        try
        {
            expected = ComputeHash(previousHash, journalEvent);
        }
        catch (ArgumentException)
        {
            return "the event's header is not valid text";
        }

        return string.Equals(expected, journalEvent.Hash, StringComparison.Ordinal) ? null : "the event's hash does not match its contents";
    }
}
