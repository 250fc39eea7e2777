using StackExchange.Redis;

namespace OrleansScheduler.Redis.Tests;

/// <summary>
/// Writes and reads single tasks of a queue in the store's layout (packed in the queue's chunks), through
/// the same helpers the scripts use, so tests can lay out a queue by hand and look at what a script left.
/// </summary>
internal static class StoredTasks
{
    private static readonly string Helpers = RedisScript.FromResource("_chunks").StandaloneText + RedisScript.FromResource("_tasks").StandaloneText;

    private static readonly string PutLua = Helpers + """

        -- ARGV: id, n, n field/value arguments, then the short names in their packed order
        local q, id, n, given, position = KEYS[1], ARGV[1], tonumber(ARGV[2]), {}, {}
        for i = 3 + n, #ARGV do position[ARGV[i]] = i - 2 - n end
        for i = 3, 2 + n, 2 do given[position[ARGV[i]]] = ARGV[i + 1] end
        local t, key = loadTask(q, id)
        if t then
          for pos, v in pairs(given) do t[pos] = v end
          saveTask(key, id, t)
        else
          insertTasks(q, {id}, {given})
        end
        """;

    private static readonly string GetLua = Helpers + """

        local t = loadTask(KEYS[1], ARGV[1])
        if not t then return false end
        return packTask(t)
        """;

    /// <summary>Stores the task <paramref name="id"/> of the queue at <paramref name="queuePrefix"/> with these fields, or sets them on it.</summary>
    public static Task Put(IDatabaseAsync db, RedisKey queuePrefix, string id, params (string Field, RedisValue Value)[] fields) =>
        db.ScriptEvaluateAsync(PutLua, [queuePrefix],
            [id, fields.Length * 2, .. fields.SelectMany(f => new[] { (RedisValue)f.Field, f.Value }), .. RedisTaskPacking.FieldNames.Select(n => (RedisValue)n)]);

    /// <summary>The task's fields by their short names (see <see cref="RedisKeys"/>); empty when the queue has no such task.</summary>
    public static async Task<Dictionary<string, string>> Get(IDatabaseAsync db, RedisKey queuePrefix, string id)
    {
        var packed = await db.ScriptEvaluateAsync(GetLua, [queuePrefix], [id]);
        if (packed.IsNull) return new Dictionary<string, string>(StringComparer.Ordinal);
        return RedisTaskPacking.Fields((byte[])packed!).ToDictionary(f => f.Key, f => (string)f.Value!, StringComparer.Ordinal);
    }

    /// <summary>One field of the task, null when it or the task is absent.</summary>
    public static async Task<string?> Field(IDatabaseAsync db, RedisKey queuePrefix, string id, string field) =>
        (await Get(db, queuePrefix, id)).GetValueOrDefault(field);
}
