using System.Globalization;
using Microsoft.Data.Sqlite;

namespace OperatorOs;

/// <summary>Stores record keys in the <c>record_key</c> column: integers as SQLite integers, strings as text, GUIDs as their canonical text.</summary>
internal static class VectorKeyColumn
{
    /// <summary>The supported key types, as listed in error messages.</summary>
    public const string SupportedTypes = "string, Guid, int, long, short, ushort, byte, sbyte, uint";

    /// <summary>Gets the stable name of a key type, or <see langword="null"/> when keys of that type cannot be stored.</summary>
    public static string? NameOf(Type type) =>
        type == typeof(string) ? "string"
        : type == typeof(Guid) ? "guid"
        : type == typeof(int) ? "int32"
        : type == typeof(long) ? "int64"
        : type == typeof(short) ? "int16"
        : type == typeof(ushort) ? "uint16"
        : type == typeof(byte) ? "uint8"
        : type == typeof(sbyte) ? "int8"
        : type == typeof(uint) ? "uint32"
        : null;

    /// <summary>Converts a key to the value bound to the column.</summary>
    public static object ToDb(object key) => key switch
    {
        string text => text,
        Guid guid => guid.ToString("D", CultureInfo.InvariantCulture),
        int value => (long)value,
        long value => value,
        short value => (long)value,
        ushort value => (long)value,
        byte value => (long)value,
        sbyte value => (long)value,
        uint value => (long)value,
        _ => throw new NotSupportedException($"Keys of type '{key.GetType().Name}' cannot be stored; supported key types: {SupportedTypes}."),
    };

    /// <summary>Reads a key of <paramref name="type"/> from the column, boxed as that type.</summary>
    public static object FromDb(Type type, SqliteDataReader reader, int ordinal)
    {
        // Statements, not one conditional expression: a chain of ?: would box every integer key as the branches' common type (long),
        // and the in-memory engine looks keys up by value equality, where a boxed long never equals a boxed int.
        if (type == typeof(string))
        {
            return reader.GetString(ordinal);
        }

        if (type == typeof(Guid))
        {
            return Guid.Parse(reader.GetString(ordinal), CultureInfo.InvariantCulture);
        }

        long value = reader.GetInt64(ordinal);
        if (type == typeof(int))
        {
            return checked((int)value);
        }

        if (type == typeof(long))
        {
            return value;
        }

        if (type == typeof(short))
        {
            return checked((short)value);
        }

        if (type == typeof(ushort))
        {
            return checked((ushort)value);
        }

        if (type == typeof(byte))
        {
            return checked((byte)value);
        }

        if (type == typeof(sbyte))
        {
            return checked((sbyte)value);
        }

        return type == typeof(uint)
            ? checked((uint)value)
            : throw new NotSupportedException($"Keys of type '{type.Name}' cannot be stored; supported key types: {SupportedTypes}.");
    }
}
