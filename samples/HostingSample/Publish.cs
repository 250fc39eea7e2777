using System.Text.Json;
using OrleansScheduler.Families;
using OrleansScheduler.Handlers;

// A workflow node: it runs once the nodes it depends on succeeded, and reads their results by key.
public sealed class Publish : ITaskHandler
{
    public async Task<object?> HandleAsync(TaskContext context)
    {
        DependencyTask resized = await context.GetDependencyAsync("resize");
        string? image = resized.GetResult<JsonElement>().GetProperty("resized").GetString();
        return new { published = image, workflow = context.Node?.WorkflowId };
    }
}
