using OrleansScheduler.Tasks;

namespace OrleansScheduler.Storage.InMemory;

/// <summary>
/// What the router reads and does in the in-memory store (<see cref="ITaskRouting"/>, besides the claim that
/// <see cref="InMemoryClaims"/> makes): the round-robin cursors, the routed lanes, moves between them, and each
/// queue's default routing. Under the shared lock.
/// </summary>
internal sealed class InMemoryRouting(InMemoryState state, InMemoryFamilies families)
{
    public long AdvanceRoundRobin(string queue, int count)
    {
        InMemoryState.ThrowIfInvalidQueue(queue);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (state.Gate)
        {
            long before = state.RoundRobin.GetValueOrDefault(queue);
            state.RoundRobin[queue] = before + count;
            return before;
        }
    }

    public IReadOnlyList<string> ListRoutedSilos(string queue)
    {
        lock (state.Gate) return state.Queues.TryGetValue(queue, out var q) ? q.Lanes.Silos : [];
    }

    public IReadOnlyList<RoutedTask> ListRouted(string queue, string silo, int max)
    {
        ArgumentNullException.ThrowIfNull(silo);
        lock (state.Gate)
        {
            if (max <= 0 || !state.Queues.TryGetValue(queue, out var q)) return [];
            return [.. q.Lanes.Silo(silo).Take(max).Select(entry => state.Tasks[entry.Id]).Select(task =>
                new RoutedTask(task.Id, queue, task.Spec.Routing ?? TaskRouting.Default, task.RoutedTo!, task.RoutedSince, task.CreatedAt))];
        }
    }

    public IReadOnlyList<bool> Reroute(string queue, IReadOnlyList<TaskReroute> moves)
    {
        ArgumentNullException.ThrowIfNull(moves);
        var made = new bool[moves.Count];
        lock (state.Gate)
        {
            var now = state.Now();
            for (int i = 0; i < moves.Count; i++)
            {
                var move = moves[i];
                // Only while it still waits where the router saw it: a second router, or a second try, finds it moved.
                if (!state.Tasks.TryGetValue(move.Id, out var task) || task.Spec.Queue != queue || task.State != TaskState.Pending
                    || !string.Equals(task.RoutedTo, move.From, StringComparison.Ordinal)) continue;
                var q = state.QueueOf(task);
                if (move.Error is { } error) Fail(q, task, error, now);
                else q.Reroute(task, move.To, now);
                made[i] = true;
            }
        }
        return made;
    }

    public void SetQueueRouting(string queue, TaskRouting? routing)
    {
        InMemoryState.ThrowIfInvalidQueue(queue);
        if (routing is not null && TaskRoutingValidator.Validate(routing) is { Count: > 0 } errors)
            throw new ArgumentException($"Default routing of queue '{queue}' is invalid: " + string.Join(" ", errors.Select(e => $"{e.Field}: {e.Message}")), nameof(routing));
        lock (state.Gate) state.Queue(queue).DefaultRouting = routing;
    }

    public TaskRouting? GetQueueRouting(string queue)
    {
        InMemoryState.ThrowIfInvalidQueue(queue);
        lock (state.Gate) return state.Queues.TryGetValue(queue, out var q) ? q.DefaultRouting : null;
    }

    /// <summary>Ends a Pending task Failed because the router found nowhere it may ever run; its family and workflow count it as any other end.</summary>
    private void Fail(QueueState queue, StoredTask task, string error, DateTimeOffset now)
    {
        queue.LeaveWaiting(task);
        task.Error = error;
        queue.Finish(task, TaskState.Failed, now);
        queue.Record(task, TaskEventTypes.Failed, TaskState.Pending, now, error: error);
        families.Ended(task, now);
    }
}
