using System.Text.Json;
using OrleansScheduler.Grains;

namespace OrleansScheduler.Silo.Demo;

/// <summary>
/// The demo's application grain that processes orders as tasks (registered as <c>orders</c>, one activation per
/// order key): it packs the payload's <c>lines</c>, reporting progress line by line, and returns what it packed.
/// It runs at least once per task, so it keys its work by the order and remembers the attempt that finished it.
/// </summary>
internal sealed class OrderGrain : Grain, ITaskTargetGrain
{
    /// <summary>The name tasks target it by.</summary>
    public const string Name = "orders";

    private string? _packedBy;

    public async Task<string?> RunTaskAsync(TaskRun run, CancellationToken cancellationToken)
    {
        var order = run.GetPayload<OrderPayload>() ?? new OrderPayload(1, 0);
        for (int line = 1; line <= order.Lines; line++)
        {
            await Task.Delay(Math.Clamp(order.MsPerLine, 0, 60_000), cancellationToken);
            await run.ReportProgressAsync(line * 100 / order.Lines, $"packed line {line} of {order.Lines}");
        }
        // A second run of the same task (after a failover) finds the order packed and says so.
        bool repeated = _packedBy == run.TaskId;
        _packedBy = run.TaskId;
        return JsonSerializer.Serialize(new { order = this.GetPrimaryKeyString(), lines = order.Lines, attempt = run.Attempt, repeated }, JsonSerializerOptions.Web);
    }

    /// <summary>The payload of an order task.</summary>
    public sealed record OrderPayload(int Lines, int MsPerLine);
}
