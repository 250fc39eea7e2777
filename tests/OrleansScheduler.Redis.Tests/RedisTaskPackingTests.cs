using StackExchange.Redis;

namespace OrleansScheduler.Redis.Tests;

/// <summary>
/// <see cref="RedisTaskPacking"/> reads every MessagePack form a Lua script's cmsgpack.pack can give a task's
/// fields, and refuses what is not a packed task. (Tasks packed by the real scripts are read by every store test.)
/// </summary>
public sealed class RedisTaskPackingTests
{
    private static byte[] Str(string s) => [(byte)(0xa0 | s.Length), .. System.Text.Encoding.UTF8.GetBytes(s)];

    [Fact]
    public void each_number_and_string_form_reads_back_and_absent_fields_are_left_out()
    {
        byte[] packed =
        [
            0x9d, // an array of 13
            .. Str("R"), // s
            0xd9, 4, .. "echo"u8, // t, str8
            0xda, 0, 2, .. "{}"u8, // p, str16
            0x03, // m, positive fixint
            0xcd, 0x75, 0x30, // to, uint16 30000
            0xcb, 0x40, 0x8f, 0x40, 0x00, 0x00, 0x00, 0x00, 0x00, // bo, float64 1000.0
            0xcf, 0x00, 0x00, 0x01, 0x9a, 0xb0, 0x6f, 0x7e, 0x00, // c, uint64
            0xc2, // pr: false, absent
            0xc0, // ra: nil, absent
            0xc2, // ik: absent
            0xd0, 0xfe, // a, int8 -2
            0xce, 0x00, 0x01, 0x00, 0x00, // k, uint32 65536
            0xcb, 0x3f, 0xf8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // si, float64 1.5
        ];

        var fields = RedisTaskPacking.Fields(packed);

        Assert.Equal(["s", "t", "p", "m", "to", "bo", "c", "a", "k", "si"], fields.Keys);
        Assert.Equal(("R", "echo", "{}"), ((string?)fields["s"], (string?)fields["t"], (string?)fields["p"]));
        Assert.Equal((3L, 30000L, 65536L, -2L), ((long)fields["m"], (long)fields["to"], (long)fields["k"], (long)fields["a"]));
        Assert.Equal(1000.0, (double)fields["bo"]);
        Assert.Equal(0x019ab06f7e00L, (long)fields["c"]);
        Assert.Equal("1.5", (string?)fields["si"]);
    }

    [Theory]
    [InlineData(new byte[] { 0x81, 0xa1, 0x73, 0x01 })] // a map, not an array
    [InlineData(new byte[] { 0x92, 0xa1, 0x50 })] // ends early
    [InlineData(new byte[] { 0x91, 0x91, 0x01 })] // a nested array
    public void what_is_not_a_packed_task_is_refused(byte[] packed)
    {
        Assert.Throws<FormatException>(() => RedisTaskPacking.Fields(packed));
    }

    [Fact]
    public void the_names_are_the_ones_the_layout_documents_in_their_packed_order()
    {
        // _tasks.lua numbers the fields; this order must match it (the store tests fail on any mismatch too)
        string lua = RedisScript.FromResource("_tasks").StandaloneText;
        var numbered = System.Text.RegularExpressions.Regex.Matches(lua, @"local ([A-Z_, ]+) = ([0-9, ]+)\r?\n")
            .SelectMany(m => m.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries)
                .Zip(m.Groups[2].Value.Split(',', StringSplitOptions.TrimEntries), (name, n) => (name, n: int.Parse(n))))
            .Where(f => f.name is not ("FIELD_COUNT" or "CHUNK_MAX" or "FEW"))
            .OrderBy(f => f.n).Select(f => f.name);
        Assert.Equal(
            ["STATE", "TYPE", "PAYLOAD", "MAX_ATTEMPTS", "TIMEOUT", "BACKOFF", "CREATED", "PRIORITY", "RUN_AT", "IDEMPOTENCY_KEY", "ATTEMPT",
                "TOKEN", "SILO", "STARTED", "FINISHED", "RESULT", "ERROR", "PROGRESS", "PROGRESS_MESSAGE", "FAILOVERS", "ENDED_ATTEMPT", "ENDED_AT",
                "PARENT_ID", "PARENT_QUEUE", "CHILD_INDEX", "DEPTH", "CHILD_COUNT", "CHILDREN_FINISHED", "CHILDREN_FAILED", "FAILURE_POLICY", "IS_JOIN",
                "JOIN_STATE", "NODE", "COUNTED", "ROUTING", "LANE", "ROUTED_TO", "SINCE", "TARGET", "TRACE"],
            numbered);
        Assert.Equal(["s", "t", "p", "m", "to", "bo", "c", "pr", "ra", "ik", "a", "k", "si", "sa", "fa", "r", "e", "pg", "pm", "fo", "ao", "ae",
                "pi", "pq", "ci", "d", "cc", "cf", "cx", "po", "j", "js", "n", "cn", "ro", "rl", "rt", "rs", "tg", "tr"],
            RedisTaskPacking.FieldNames);
    }
}
