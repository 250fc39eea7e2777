using Orleans.Concurrency;
using OrleansScheduler.Grains;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Server.Targets;

/// <summary>
/// <see cref="ITaskProgressSink"/>: the store's fenced progress write for one attempt, keyed
/// <c>&lt;token&gt;/&lt;queue&gt;/&lt;task id&gt;</c> (<see cref="KeyOf"/>), so a target grain that outlives its attempt
/// cannot write over the attempt that replaced it. Stateless: any silo can take a report.
/// </summary>
[StatelessWorker]
internal sealed class TaskProgressSinkGrain(ITaskStore store) : Grain, ITaskProgressSink
{
    /// <summary>The key of <paramref name="task"/>'s attempt's sink. Neither a token nor a queue name holds a '/'.</summary>
    public static string KeyOf(ClaimedTask task) => $"{task.Token}/{task.Queue}/{task.Id}";

    public async Task<bool> ReportAsync(int percent, string? message)
    {
        string[] parts = this.GetPrimaryKeyString().Split('/', 3);
        var progress = new TaskProgress(parts[2], parts[1], long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), Math.Clamp(percent, 0, 100), message);
        return await store.ReportProgressAsync(progress) == OutcomeResult.Accepted;
    }
}
