using System.Text.Json;

namespace OrleansScheduler.Handlers.BuiltIn;

/// <summary><c>echo</c>: returns its payload as the result.</summary>
public sealed class EchoHandler : ITaskHandler
{
    /// <inheritdoc />
    public Task<object?> HandleAsync(TaskContext context) =>
        Task.FromResult<object?>(JsonDocument.Parse(context.PayloadJson).RootElement.Clone());
}
