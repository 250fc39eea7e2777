using Microsoft.Extensions.Logging;
using OrleansScheduler.Handlers;

public sealed record ThumbnailRequest(string Url, int Width);

public sealed class Thumbnail : TaskHandler<ThumbnailRequest>
{
    private static readonly HttpClient Http = new();

    protected override async Task<object?> HandleAsync(ThumbnailRequest request, TaskContext context)
    {
        context.Logger.LogInformation("Resizing {Url} to {Width} px", request.Url, request.Width);  // kept with the task
        context.Logger.LogDebug("Cache miss for {Url}", request.Url);                              // below TaskLogLevel: host log only
        try
        {
            byte[] image = await Http.GetByteArrayAsync(request.Url, context.CancellationToken);
            return new { request.Url, request.Width, bytes = image.Length };
        }
        catch (HttpRequestException e)
        {
            context.Logger.LogWarning(e, "Download failed; the attempt is retried while attempts remain");
            throw;
        }
    }
}
