using OrleansScheduler.Tasks;

namespace OrleansScheduler.Silo.Gateway.Contracts;

/// <summary>A queue's tasks per state; every state is present (0 when none).</summary>
internal sealed record QueueCountsResponse(long Pending, long Scheduled, long Running, long Succeeded, long Failed, long Canceled, long Paused, long Waiting)
{
    /// <summary>The counts of <paramref name="counts"/>; a state it lacks counts 0.</summary>
    public static QueueCountsResponse From(IReadOnlyDictionary<TaskState, long> counts)
    {
        long Of(TaskState state) => counts.GetValueOrDefault(state);
        return new(Of(TaskState.Pending), Of(TaskState.Scheduled), Of(TaskState.Running), Of(TaskState.Succeeded),
                   Of(TaskState.Failed), Of(TaskState.Canceled), Of(TaskState.Paused), Of(TaskState.Waiting));
    }
}
