using Microsoft.Extensions.Logging;
using OrleansScheduler.Handlers;

namespace OrleansScheduler.Silo.Tests.Infrastructure;

/// <summary>
/// <c>chatty</c>: payload <c>{"lines":["…"],"progress":40,"message":"…"}</c>; logs each line through
/// its context's logger (as "chatty: &lt;line&gt;" at Information), reports the progress, and returns.
/// </summary>
public sealed class ChattyHandler : TaskHandler<ChattyHandler.Payload>
{
    /// <summary>The type it is registered under.</summary>
    public const string Type = "chatty";

    /// <summary>The payload of <c>chatty</c>.</summary>
    public sealed record Payload(IReadOnlyList<string>? Lines, int? Progress, string? Message);

    /// <inheritdoc />
    protected override async Task<object?> HandleAsync(Payload payload, TaskContext context)
    {
        foreach (string line in payload.Lines ?? []) context.Logger.LogInformation("chatty: {Line}", line);
        if (payload.Progress is { } percent) await context.ReportProgressAsync(percent, payload.Message);
        return new { said = payload.Lines?.Count ?? 0 };
    }
}
