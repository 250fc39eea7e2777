using System.Buffers.Binary;
using System.Text;
using StackExchange.Redis;

namespace OrleansScheduler.Redis;

/// <summary>
/// Reads a task as the scripts pack it in its chunk (see <see cref="RedisKeys"/> and <c>_tasks.lua</c>): one
/// MessagePack array of the task's fields in a fixed order, each a string or a number, <c>false</c> (or nil)
/// for absent, trailing absent ones left off. Decoding here rather than in Lua keeps reads off the server's CPU.
/// </summary>
internal static class RedisTaskPacking
{
    /// <summary>The fields' short names by position, as in <c>_tasks.lua</c>.</summary>
    public static readonly string[] FieldNames =
        ["s", "t", "p", "m", "to", "bo", "c", "pr", "ra", "ik", "a", "k", "si", "sa", "fa", "r", "e", "pg", "pm", "fo", "ao", "ae",
            "pi", "pq", "ci", "d", "cc", "cf", "cx", "po", "j", "js", "n", "cn", "ro", "rl", "rt", "rs", "tg", "tr"];

    /// <summary>The task's fields present in <paramref name="packed"/>, by short name.</summary>
    /// <exception cref="FormatException">Not an array of strings, numbers and absent markers.</exception>
    public static Dictionary<string, RedisValue> Fields(ReadOnlySpan<byte> packed)
    {
        var reader = new Reader(packed);
        int count = reader.ArrayLength();
        if (count > FieldNames.Length) throw new FormatException($"A packed task holds {count} fields; at most {FieldNames.Length} are known.");
        var fields = new Dictionary<string, RedisValue>(count, StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            var value = reader.Value();
            if (!value.IsNull) fields[FieldNames[i]] = value;
        }
        return fields;
    }

    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _at;

        public int ArrayLength()
        {
            byte head = Byte();
            return head switch
            {
                >= 0x90 and <= 0x9f => head & 0x0f,
                0xdc => BinaryPrimitives.ReadUInt16BigEndian(Take(2)),
                0xdd => checked((int)BinaryPrimitives.ReadUInt32BigEndian(Take(4))),
                _ => throw new FormatException($"A packed task starts with 0x{head:x2}, not an array."),
            };
        }

        /// <summary>A string or a number; Null for false, nil (absent).</summary>
        public RedisValue Value()
        {
            byte head = Byte();
            return head switch
            {
                <= 0x7f => (long)head,
                >= 0xe0 => (long)(sbyte)head,
                >= 0xa0 and <= 0xbf => Text(head & 0x1f),
                0xc0 or 0xc2 => RedisValue.Null,
                0xcc => (long)Byte(),
                0xcd => (long)BinaryPrimitives.ReadUInt16BigEndian(Take(2)),
                0xce => (long)BinaryPrimitives.ReadUInt32BigEndian(Take(4)),
                0xcf => checked((long)BinaryPrimitives.ReadUInt64BigEndian(Take(8))),
                0xd0 => (long)(sbyte)Byte(),
                0xd1 => (long)BinaryPrimitives.ReadInt16BigEndian(Take(2)),
                0xd2 => (long)BinaryPrimitives.ReadInt32BigEndian(Take(4)),
                0xd3 => BinaryPrimitives.ReadInt64BigEndian(Take(8)),
                0xca => (double)BinaryPrimitives.ReadSingleBigEndian(Take(4)),
                0xcb => BinaryPrimitives.ReadDoubleBigEndian(Take(8)),
                0xd9 or 0xc4 => Text(Byte()),
                0xda or 0xc5 => Text(BinaryPrimitives.ReadUInt16BigEndian(Take(2))),
                0xdb or 0xc6 => Text(checked((int)BinaryPrimitives.ReadUInt32BigEndian(Take(4)))),
                _ => throw new FormatException($"A packed task holds a value of MessagePack type 0x{head:x2}, neither a string nor a number."),
            };
        }

        private RedisValue Text(int length) => Encoding.UTF8.GetString(Take(length));

        private byte Byte() => Take(1)[0];

        private ReadOnlySpan<byte> Take(int length)
        {
            if (_at + length > _data.Length) throw new FormatException("A packed task ends early.");
            var span = _data.Slice(_at, length);
            _at += length;
            return span;
        }
    }
}
