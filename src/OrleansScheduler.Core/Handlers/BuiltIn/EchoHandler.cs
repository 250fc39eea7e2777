using System.Text.Json;

namespace OrleansScheduler.Handlers.BuiltIn;

/// <summary><c>echo</c>: returns its payload as the result.</summary>
public sealed class EchoHandler : ITaskHandler
{
    /// <inheritdoc />
    public Task<object?> HandleAsync(TaskContext context)
    {
        // The clone outlives the document; disposing the document returns its pooled buffers
        // (left undisposed, every call rented fresh ones and left them to the GC).
        using var document = JsonDocument.Parse(context.PayloadJson);
        return Task.FromResult<object?>(document.RootElement.Clone());
    }
}
