namespace OrleansScheduler.Grains;

/// <summary>Where a task target grain reports its attempt's progress (<see cref="TaskRun.ReportProgressAsync"/>); one per attempt, fenced by its token.</summary>
[Alias("OrleansScheduler.ITaskProgressSink")]
public interface ITaskProgressSink : IGrainWithStringKey
{
    /// <summary>Stores the attempt's progress (0–100) and message; false when the attempt is no longer current (canceled, timed out, failed over).</summary>
    [Alias("report")]
    Task<bool> ReportAsync(int percent, string? message);
}
