using System.Text.Json;
using OrleansScheduler.Families;
using OrleansScheduler.Handlers;
using OrleansScheduler.Tasks;

public sealed record AlbumRequest(string Name, string[] Urls, int Width);

// Fan-out / fan-in: one resize child per image, then a join step that collects them.
public sealed class ResizeAlbum : TaskHandler<AlbumRequest>
{
    protected override async Task<object?> HandleAsync(AlbumRequest album, TaskContext context)
    {
        if (!context.IsJoin)
        {
            // Child i is "<this task's id>.<i>": a rerun of this attempt finds the children it spawned before.
            await context.SpawnChildrenAsync(album.Urls.Select(url => new TaskSubmission
            {
                Type = "resize",
                Queue = "images",
                Payload = JsonSerializer.Serialize(new ResizeRequest(url, album.Width), JsonSerializerOptions.Web),
            }), ChildFailurePolicy.Collect);               // FailFast: the first failed child fails the album
            return context.WaitForChildren(new { album.Name });  // this task waits; the state comes back to the join
        }

        // The join step: every child is terminal; read them in spawn order, a page at a time.
        var failed = new List<string>();
        int resized = 0;
        await foreach (ChildTask child in context.Children)
        {
            if (child.Status == TaskState.Succeeded) resized++;
            else failed.Add($"{child.Id}: {child.Error}");
        }
        return new { album = context.GetJoinState<JsonElement>().GetProperty("name").GetString(), resized, failed };
    }
}
