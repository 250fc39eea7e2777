using System.Text.Json;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Families;

/// <summary>A workflow node's dependency as the node sees it when it runs.</summary>
/// <param name="Key">The dependency's key in the workflow.</param>
/// <param name="Id">Its task id.</param>
/// <param name="Status">Its state: Succeeded, unless the edge lets the node run after a failure (<c>"onFailure": "continue"</c>).</param>
/// <param name="Result">Its result as JSON text, once Succeeded.</param>
/// <param name="Error">Its last error, if it failed.</param>
public sealed record DependencyTask(string Key, string Id, TaskState Status, string? Result, string? Error)
{
    /// <summary>The result deserialized with web defaults; default when it has none.</summary>
    public T? GetResult<T>() => Result is null ? default : JsonSerializer.Deserialize<T>(Result, JsonSerializerOptions.Web);
}
