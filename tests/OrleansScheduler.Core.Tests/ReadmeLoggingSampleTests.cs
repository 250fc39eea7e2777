using Microsoft.Extensions.Logging;
using OrleansScheduler.Handlers;
using OrleansScheduler.Storage.InMemory;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Core.Tests;

/// <summary>The README's "logging from a handler" example, word for word, and the lines it says are kept. Change the README when this changes.</summary>
public sealed class ReadmeLoggingSampleTests
{
    [Fact]
    public async Task the_handler_in_the_readme_keeps_the_lines_the_readme_shows()
    {
        var inner = new InMemoryTaskStore();
        var store = new RecordingLogsTaskStore(inner);
        await using var silo = await WorkerHarness.StartAsync(handlers: b => b.AddHandler<Thumbnail>("thumbnail").UseStore(_ => store), store: inner);
        var id = (await inner.SubmitAsync([new TaskSubmission { Type = "thumbnail", Payload = """{"url":"https://example.com/cat.png","width":200}""", MaxAttempts = 1 }]))[0];

        Assert.Equal(TaskState.Failed, (await silo.WaitForTerminalAsync(id)).Status);
        var lines = await Eventually.Until(() => Task.FromResult(store.LinesOf(id)), l => l.Count == 2, "the two kept lines");

        Assert.Equal(
            [("Information", "Resizing https://example.com/cat.png to 200 px"), ("Warning", "Download failed; the attempt is retried while attempts remain [HttpRequestException: host unreachable]")],
            lines.Select(l => (l.Level, l.Message)));
    }

    public sealed record ThumbnailRequest(string Url, int Width);

    public sealed class Thumbnail : TaskHandler<ThumbnailRequest>
    {
        protected override async Task<object?> HandleAsync(ThumbnailRequest request, TaskContext context)
        {
            context.Logger.LogInformation("Resizing {Url} to {Width} px", request.Url, request.Width);  // kept with the task
            context.Logger.LogDebug("Cache miss for {Url}", request.Url);                              // below TaskLogLevel: host log only
            try
            {
                await DownloadAsync(request.Url, context.CancellationToken);
                return new { request.Url, request.Width };
            }
            catch (HttpRequestException e)
            {
                context.Logger.LogWarning(e, "Download failed; the attempt is retried while attempts remain");
                throw;
            }
        }

        // In the README this is a real download; here it fails the way the README shows.
        private static Task DownloadAsync(string url, CancellationToken cancellationToken) => throw new HttpRequestException("host unreachable");
    }
}
