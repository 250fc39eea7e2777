using System.Text.Json;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Families;

/// <summary>One child of a parent as its join step sees it.</summary>
/// <param name="Index">Its position among the parent's children, from 0 (spawn order).</param>
/// <param name="Id">Its task id.</param>
/// <param name="Queue">Its queue.</param>
/// <param name="Type">Its handler name.</param>
/// <param name="Status">Its state now.</param>
/// <param name="Result">Its result as JSON text, once Succeeded.</param>
/// <param name="Error">Its last error, if it failed or was canceled with a reason.</param>
public sealed record ChildTask(int Index, string Id, string Queue, string Type, TaskState Status, string? Result, string? Error)
{
    /// <summary>The result deserialized with web defaults; default when it has none.</summary>
    public T? GetResult<T>() => Result is null ? default : JsonSerializer.Deserialize<T>(Result, JsonSerializerOptions.Web);
}
