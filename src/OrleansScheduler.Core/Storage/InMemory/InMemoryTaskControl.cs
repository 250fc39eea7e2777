using OrleansScheduler.Tasks;

namespace OrleansScheduler.Storage.InMemory;

/// <summary>
/// The in-memory store's reads and the transitions people ask for (cancel, pause, resume, retry,
/// delete), each atomic under the shared lock and recorded in the queue's event stream.
/// </summary>
internal sealed class InMemoryTaskControl(InMemoryState state, InMemoryFamilies families)
{
    public TaskRecord? Get(string id)
    {
        lock (state.Gate) return state.Tasks.TryGetValue(id, out var task) ? task.ToRecord() : null;
    }

    public TaskPage List(TaskQuery query)
    {
        var start = query.Validate();
        bool hasCursor = start is not null;
        var cursor = start.GetValueOrDefault();
        var page = new List<TaskRecord>(query.Limit);
        lock (state.Gate)
        {
            foreach (var (name, queue) in state.Queues)
            {
                if (query.Queue is not null && name != query.Queue) continue;
                if (hasCursor && string.CompareOrdinal(name, cursor.Queue) < 0) continue;
                var ids = hasCursor && name == cursor.Queue ? queue.IdsAfter(cursor.LastId) : queue.Ids;
                foreach (string id in ids)
                {
                    var task = state.Tasks[id];
                    if (query.Status is { } status && task.State != status) continue;
                    if (query.Type is { } type && task.Spec.Type != type) continue;
                    page.Add(task.ToRecord());
                    if (page.Count == query.Limit) return new TaskPage(page, new TaskCursor(name, id).Encode());
                }
            }
        }
        return new TaskPage(page, null);
    }

    public TaskRecord Cancel(string id, string? reason)
    {
        lock (state.Gate)
        {
            var task = state.Find(id, "cancel", TaskState.Pending, TaskState.Scheduled, TaskState.Paused, TaskState.Waiting, TaskState.Running);
            families.Cancel(task, reason, state.Now());
            return task.ToRecord();
        }
    }

    public TaskRecord Pause(string id)
    {
        lock (state.Gate)
        {
            var task = state.Find(id, "pause", TaskState.Pending, TaskState.Scheduled);
            var from = task.State;
            state.QueueOf(task).Pause(task);
            state.QueueOf(task).Record(task, TaskEventTypes.Paused, from, state.Now());
            return task.ToRecord();
        }
    }

    public TaskRecord Resume(string id)
    {
        TaskRecord record;
        lock (state.Gate)
        {
            var now = state.Now();
            var task = state.Find(id, "resume", TaskState.Paused);
            var queue = state.QueueOf(task);
            if (task.RunAt is { } runAt && runAt > now) queue.Schedule(task, runAt);
            else queue.MakeReady(task, now);
            queue.Record(task, TaskEventTypes.Resumed, TaskState.Paused, now);
            record = task.ToRecord();
        }
        return record;
    }

    public TaskRecord Retry(string id)
    {
        TaskRecord record;
        lock (state.Gate)
        {
            var now = state.Now();
            var task = state.Find(id, "retry", TaskState.Failed, TaskState.Canceled);
            var from = task.State;
            // Before FinishedAt goes: it keys the finished index. A workflow node with dependencies waits for its workflow again.
            if (task.Spec.Node is { Dependencies.Count: > 0 }) state.QueueOf(task).Hold(task);
            else state.QueueOf(task).MakeReady(task, now);
            task.Attempt = 0;
            task.Failovers = 0;
            // A child counts once for its parent; a workflow node's next end is news to its workflow again.
            if (task.Spec.Node is not null) task.Counted = false;
            task.FinishedAt = null;
            task.Result = null;
            task.Progress = null;
            task.ProgressMessage = null;
            state.QueueOf(task).Record(task, TaskEventTypes.Retried, from, now);
            record = task.ToRecord();
        }
        return record;
    }

    public TaskRecord Delete(string id)
    {
        lock (state.Gate)
        {
            var task = state.Find(id, "delete", TaskState.Pending, TaskState.Scheduled, TaskState.Paused, TaskState.Succeeded, TaskState.Failed, TaskState.Canceled);
            var record = task.ToRecord();
            families.RemoveFamily(task, state.Now(), record: true);
            return record;
        }
    }

    public IReadOnlyList<TaskRelease> FindStale(IReadOnlyList<TaskRelease> attempts)
    {
        lock (state.Gate) return [.. attempts.Where(a => state.CheckAttempt(a.Id, a.Token, out _) != OutcomeResult.Accepted)];
    }
}
