using System.Text.Json;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Redis;

/// <summary>
/// A workflow node as the task's <c>n</c> field keeps it: JSON <c>{"w": workflow id, "k": key, "d": {key: task id}}</c>,
/// short like the other field names, and read by retry.lua for whether it has dependencies.
/// </summary>
internal static class RedisNodeCodec
{
    public static string Encode(WorkflowNodeLink node)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("w", node.WorkflowId);
            json.WriteString("k", node.Key);
            json.WriteStartObject("d");
            foreach (var (key, taskId) in node.Dependencies) json.WriteString(key, taskId);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static WorkflowNodeLink Decode(string text)
    {
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        var dependencies = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.TryGetProperty("d", out var d) && d.ValueKind == JsonValueKind.Object)
        {
            foreach (var dependency in d.EnumerateObject()) dependencies[dependency.Name] = dependency.Value.GetString()!;
        }
        return new WorkflowNodeLink { WorkflowId = root.GetProperty("w").GetString()!, Key = root.GetProperty("k").GetString()!, Dependencies = dependencies };
    }
}
