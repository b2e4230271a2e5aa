using System.Globalization;
using System.Text.Json;

namespace OperatorOs;

/// <summary>The codecs of every data property type a SQLite vector collection stores, by .NET type.</summary>
/// <remarks>Built from closed generic types only, so it needs no reflection and works under NativeAOT.</remarks>
internal static class VectorValueCodecs
{
    /// <summary>The supported types, as listed in error messages.</summary>
    public const string SupportedTypes =
        "string, bool, byte, sbyte, short, ushort, int, uint, long, ulong, float, double, decimal, Guid, DateTime, DateTimeOffset, DateOnly, TimeOnly, TimeSpan, "
        + "their nullable forms, and arrays, List<T>, IList<T>, IReadOnlyList<T>, ICollection<T>, IReadOnlyCollection<T> and IEnumerable<T> of those";

    private static readonly Dictionary<Type, VectorValueCodec> ByType = Build();

    /// <summary>Gets the codec of a type.</summary>
    public static bool TryGet(Type type, out VectorValueCodec codec) => ByType.TryGetValue(type, out codec!);

    private static Dictionary<Type, VectorValueCodec> Build()
    {
        var codecs = new Dictionary<Type, VectorValueCodec>();
        AddWithCollections(codecs, new VectorValueCodec<string>("string", static (w, v) => w.WriteStringValue(v), static e => e.GetString()!));
        AddValue(codecs, new VectorValueCodec<bool>("bool", static (w, v) => w.WriteBooleanValue(v), static e => e.GetBoolean()));
        AddValue(codecs, new VectorValueCodec<byte>("uint8", static (w, v) => w.WriteNumberValue(v), static e => e.GetByte()));
        AddValue(codecs, new VectorValueCodec<sbyte>("int8", static (w, v) => w.WriteNumberValue(v), static e => e.GetSByte()));
        AddValue(codecs, new VectorValueCodec<short>("int16", static (w, v) => w.WriteNumberValue(v), static e => e.GetInt16()));
        AddValue(codecs, new VectorValueCodec<ushort>("uint16", static (w, v) => w.WriteNumberValue(v), static e => e.GetUInt16()));
        AddValue(codecs, new VectorValueCodec<int>("int32", static (w, v) => w.WriteNumberValue(v), static e => e.GetInt32()));
        AddValue(codecs, new VectorValueCodec<uint>("uint32", static (w, v) => w.WriteNumberValue(v), static e => e.GetUInt32()));
        AddValue(codecs, new VectorValueCodec<long>("int64", static (w, v) => w.WriteNumberValue(v), static e => e.GetInt64()));
        AddValue(codecs, new VectorValueCodec<ulong>("uint64", static (w, v) => w.WriteNumberValue(v), static e => e.GetUInt64()));
        AddValue(codecs, new VectorValueCodec<float>("float32", WriteSingle, ReadSingle));
        AddValue(codecs, new VectorValueCodec<double>("float64", WriteDouble, ReadDouble));
        AddValue(codecs, new VectorValueCodec<decimal>("decimal", static (w, v) => w.WriteNumberValue(v), static e => e.GetDecimal()));
        AddValue(codecs, new VectorValueCodec<Guid>("guid", static (w, v) => w.WriteStringValue(v), static e => e.GetGuid()));
        AddValue(codecs, new VectorValueCodec<DateTime>("datetime", static (w, v) => w.WriteStringValue(v), static e => e.GetDateTime()));
        AddValue(codecs, new VectorValueCodec<DateTimeOffset>("datetimeoffset", static (w, v) => w.WriteStringValue(v), static e => e.GetDateTimeOffset()));
        AddValue(codecs, new VectorValueCodec<DateOnly>(
            "dateonly",
            static (w, v) => w.WriteStringValue(v.ToString("O", CultureInfo.InvariantCulture)),
            static e => DateOnly.ParseExact(e.GetString()!, "O", CultureInfo.InvariantCulture)));
        AddValue(codecs, new VectorValueCodec<TimeOnly>(
            "timeonly",
            static (w, v) => w.WriteStringValue(v.ToString("O", CultureInfo.InvariantCulture)),
            static e => TimeOnly.ParseExact(e.GetString()!, "O", CultureInfo.InvariantCulture)));
        AddValue(codecs, new VectorValueCodec<TimeSpan>(
            "timespan",
            static (w, v) => w.WriteStringValue(v.ToString("c", CultureInfo.InvariantCulture)),
            static e => TimeSpan.ParseExact(e.GetString()!, "c", CultureInfo.InvariantCulture)));
        return codecs;
    }

    private static void AddValue<T>(Dictionary<Type, VectorValueCodec> codecs, VectorValueCodec<T> codec)
        where T : struct
    {
        AddWithCollections(codecs, codec);
        AddWithCollections(codecs, new VectorValueCodec<T?>(codec.Name + "?", (w, v) => codec.WriteValue(w, v!.Value), e => codec.ReadValue(e)));
    }

    private static void AddWithCollections<T>(Dictionary<Type, VectorValueCodec> codecs, VectorValueCodec<T> codec)
    {
        codecs.Add(typeof(T), codec);
        codecs.Add(typeof(T[]), new VectorListCodec<T>(codec, array: true));
        var list = new VectorListCodec<T>(codec, array: false);
        codecs.Add(typeof(List<T>), list);
        codecs.Add(typeof(IList<T>), list);
        codecs.Add(typeof(IReadOnlyList<T>), list);
        codecs.Add(typeof(ICollection<T>), list);
        codecs.Add(typeof(IReadOnlyCollection<T>), list);
        codecs.Add(typeof(IEnumerable<T>), list);
    }

    // JSON has no NaN or infinities: those are written as the invariant strings "NaN", "Infinity" and "-Infinity".
    private static void WriteSingle(Utf8JsonWriter writer, float value)
    {
        if (float.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static float ReadSingle(JsonElement element) =>
        element.ValueKind == JsonValueKind.String ? float.Parse(element.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture) : element.GetSingle();

    private static void WriteDouble(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static double ReadDouble(JsonElement element) =>
        element.ValueKind == JsonValueKind.String ? double.Parse(element.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture) : element.GetDouble();
}
