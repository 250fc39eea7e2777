using OrleansScheduler.Families;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Storage.InMemory;

/// <summary>
/// Parents, children and workflow nodes in the in-memory store (<see cref="ITaskFamilies"/>): every
/// count, release and cascade happens under the shared lock in the transition that causes it, so a
/// child's terminal state and its parent's count are one step here whatever queue either is in. What
/// the listeners hear (released queues, finished nodes) is collected in <see cref="InMemoryState"/> and
/// told once the lock is let go (<see cref="Flush"/>).
/// </summary>
internal sealed class InMemoryFamilies(InMemoryState state, TaskStoreListeners listeners, int maxPayloadBytes)
{
    public TaskStoreListeners Listeners { get; } = listeners;

    public SubmittedFamily Submit(FamilySubmission family)
    {
        FamilyGuard.ThrowIfInvalid(family, state.Now(), maxPayloadBytes);
        var idle = new List<string>();
        lock (state.Gate)
        {
            var now = state.Now();
            var join = family.Join;
            if (state.IdempotencyKeys.Find(join, now) is { } existing)
            {
                int count = state.Tasks.TryGetValue(existing, out var known) ? known.ChildCount : family.Children.Count;
                return new SubmittedFamily(existing, [.. Enumerable.Range(0, count).Select(i => FamilyGuard.ChildId(existing, i))], []);
            }
            if (join.Id is { } taken && state.Tasks.TryGetValue(taken, out var other)) throw new TaskAlreadyExistsException(taken, other.Spec.Queue);
            var parent = new StoredTask(join.Id ?? TaskId.New(now), join, now)
            {
                IsJoin = true,
                ChildCount = family.Children.Count,
                FailurePolicy = family.Policy,
            };
            if (join.RunAt is { } runAt) parent.RunAt = InMemoryState.Truncate(runAt);
            var queue = state.Queue(join.Queue);
            state.Tasks.Add(parent.Id, parent);
            queue.StoreWaiting(parent);
            queue.Record(parent, TaskEventTypes.Submitted, null, now);
            state.IdempotencyKeys.Remember(join, parent.Id, now);
            var ids = StoreChildren(parent, 0, family.Children, now, idle);
            return new SubmittedFamily(parent.Id, ids, idle);
        }
    }

    public SpawnResult Spawn(ChildSpawn spawn)
    {
        ArgumentNullException.ThrowIfNull(spawn);
        ArgumentOutOfRangeException.ThrowIfNegative(spawn.FirstIndex);
        FamilyGuard.ThrowIfInvalidChildren(spawn.Children, state.Now(), maxPayloadBytes);
        var idle = new List<string>();
        lock (state.Gate)
        {
            var outcome = state.CheckAttempt(spawn.ParentId, spawn.ParentToken, out var parent);
            if (outcome != OutcomeResult.Accepted) return SpawnResult.Refused(outcome);
            var ids = StoreChildren(parent!, spawn.FirstIndex, spawn.Children, state.Now(), idle);
            parent!.ChildCount = Math.Max(parent.ChildCount, spawn.FirstIndex + spawn.Children.Count);
            parent.FailurePolicy = spawn.Policy;
            return new SpawnResult(OutcomeResult.Accepted, ids, idle);
        }
    }

    /// <summary>Stores the children at positions from <paramref name="first"/> on that do not exist yet; returns every one's id.</summary>
    private string[] StoreChildren(StoredTask parent, int first, IReadOnlyList<TaskSubmission> children, DateTimeOffset now, List<string> idle)
    {
        var ids = new string[children.Count];
        for (int i = 0; i < children.Count; i++)
        {
            ids[i] = FamilyGuard.ChildId(parent.Id, first + i);
            if (state.Tasks.ContainsKey(ids[i])) continue; // spawned by an earlier run of the same attempt
            var spec = children[i];
            var child = new StoredTask(ids[i], spec, now)
            {
                ParentId = parent.Id,
                ParentQueue = parent.Spec.Queue,
                ChildIndex = first + i,
                Depth = parent.Depth + 1,
            };
            var queue = state.Queue(spec.Queue);
            var runAt = spec.RunAt is { } due ? InMemoryState.Truncate(due) : (DateTimeOffset?)null;
            if (!idle.Contains(spec.Queue) && InMemoryTaskStore.MayBeIdle(queue, runAt is { } r && r > now ? r : null)) idle.Add(spec.Queue);
            state.Tasks.Add(child.Id, child);
            queue.Store(child, runAt, now);
            queue.Record(child, TaskEventTypes.Submitted, null, now);
        }
        return ids;
    }

    public IReadOnlyList<OutcomeResult> Wait(IReadOnlyList<TaskWait> waits)
    {
        var results = new OutcomeResult[waits.Count];
        lock (state.Gate)
        {
            var now = state.Now();
            for (int i = 0; i < waits.Count; i++)
            {
                var w = waits[i];
                // Waiting records the attempt uncounted (attempt − 1) and bumps the token.
                results[i] = state.CheckOutcome(w.Id, w.Token, t => t.State == TaskState.Waiting
                    && t.LastEndedAs(TaskAttemptOutcomes.Waiting, t.Attempt + 1, w.Token + 1), out var task);
                if (results[i] != OutcomeResult.Accepted) continue;
                var queue = state.QueueOf(task!);
                queue.LeaveRunning(task!);
                task!.EndAttempt(TaskAttemptOutcomes.Waiting, now, state.History);
                task.Token++;
                task.Attempt--; // the join step is a step, not a retry
                task.IsJoin = true;
                task.JoinState = w.JoinState;
                queue.Hold(task);
                queue.Record(task, TaskEventTypes.Waiting, TaskState.Running, now, task.Silo);
                if (task.ChildrenFinished >= task.ChildCount) Unblock(task, now);
            }
        }
        return results;
    }

    public ChildPage? Children(string parentId, int start, int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        lock (state.Gate)
        {
            if (!state.Tasks.TryGetValue(parentId, out var parent)) return null;
            var page = new List<ChildTask>();
            for (int i = start; i < parent.ChildCount && i < start + (long)max; i++)
            {
                if (!state.Tasks.TryGetValue(FamilyGuard.ChildId(parentId, i), out var child)) continue;
                page.Add(new ChildTask(i, child.Id, child.Spec.Queue, child.Spec.Type, child.State, child.Result, child.Error));
            }
            return new ChildPage(page, parent.ChildCount);
        }
    }

    public TaskRecord UnblockNode(string id)
    {
        lock (state.Gate)
        {
            var task = state.Find(id, "unblock", TaskState.Waiting);
            if (task.Spec.Node is null || task.IsJoin)
                throw new TaskStateConflictException(task.Spec.Queue, id, "unblock (it waits for its children, not for a workflow)", [TaskState.Waiting], task.State);
            Unblock(task, state.Now());
            state.ReadyQueues.Remove(task.Spec.Queue); // the caller wakes the queue
            return task.ToRecord();
        }
    }

    /// <summary>
    /// Called under the lock by every transition that ends a task, and by a delete of one that had not
    /// finished (<paramref name="ended"/> then Canceled): counts it once for its parent and tells its workflow.
    /// </summary>
    public void Ended(StoredTask task, DateTimeOffset now, TaskState? ended = null)
    {
        if (task.Counted || (task.ParentId is null && task.Spec.Node is null)) return;
        task.Counted = true;
        var status = ended ?? task.State;
        if (task.Spec.Node is { } node) state.FinishedNodes.Add(new FinishedNode(node.WorkflowId, node.Key, task.Id, status));
        if (task.ParentId is { } parentId && state.Tasks.TryGetValue(parentId, out var parent)) CountChild(parent, task, status, now);
    }

    private void CountChild(StoredTask parent, StoredTask child, TaskState status, DateTimeOffset now)
    {
        parent.ChildrenFinished++;
        bool failed = status != TaskState.Succeeded;
        if (failed) parent.ChildrenFailed++;
        parent.Progress = FamilyGuard.Progress(parent.ChildrenFinished, parent.ChildCount);
        parent.ProgressMessage = FamilyGuard.ProgressMessage(parent.ChildrenFinished, parent.ChildCount);
        state.QueueOf(parent).Record(parent, TaskEventTypes.ChildFinished, parent.State, now, progress: parent.Progress);
        if (failed && parent.FailurePolicy == ChildFailurePolicy.FailFast && !parent.State.IsTerminal())
        {
            FailFast(parent, child, status, now);
            return;
        }
        if (parent.State == TaskState.Waiting && parent.ChildrenFinished >= parent.ChildCount) Unblock(parent, now);
    }

    private void Unblock(StoredTask task, DateTimeOffset now)
    {
        var queue = state.QueueOf(task);
        queue.Unblock(task, now);
        queue.Record(task, TaskEventTypes.Unblocked, TaskState.Waiting, now);
        state.ReadyQueues.Add(task.Spec.Queue);
    }

    private void FailFast(StoredTask parent, StoredTask child, TaskState status, DateTimeOffset now)
    {
        var queue = state.QueueOf(parent);
        var from = parent.State;
        string error = FamilyGuard.FailedFastError(child.Id, status, child.Error);
        if (from == TaskState.Running)
        {
            queue.LeaveRunning(parent);
            parent.Token++; // its handler's outcome must lose
            parent.EndAttempt(TaskAttemptOutcomes.Failed, now, state.History, error);
        }
        else
        {
            queue.LeaveWaiting(parent);
        }
        parent.Error = error;
        queue.Finish(parent, TaskState.Failed, now);
        queue.Record(parent, TaskEventTypes.Failed, from, now, from == TaskState.Running ? parent.Silo : null, error);
        Ended(parent, now);
        CancelChildren(parent, FamilyGuard.FailedFastReason(parent.Id, child.Id, status), now);
    }

    /// <summary>Cancels a task that is not terminal (any other state), keeping <paramref name="reason"/> as its error; a parent's unfinished children go with it.</summary>
    public void Cancel(StoredTask task, string? reason, DateTimeOffset now)
    {
        var queue = state.QueueOf(task);
        var from = task.State;
        if (from == TaskState.Running)
        {
            queue.LeaveRunning(task);
            task.Token++; // the handler's outcome must lose
            task.EndAttempt(TaskAttemptOutcomes.Canceled, now, state.History);
        }
        else
        {
            queue.LeaveWaiting(task);
        }
        if (reason is not null) task.Error = reason;
        queue.Finish(task, TaskState.Canceled, now);
        queue.Record(task, TaskEventTypes.Canceled, from, now, silo: from == TaskState.Running ? task.Silo : null, error: reason);
        Ended(task, now);
        if (task.ChildCount > 0) CancelChildren(task, FamilyGuard.CanceledWithParentReason(task.Id), now);
    }

    private void CancelChildren(StoredTask parent, string reason, DateTimeOffset now)
    {
        for (int i = 0; i < parent.ChildCount; i++)
        {
            if (!state.Tasks.TryGetValue(FamilyGuard.ChildId(parent.Id, i), out var child) || child.State.IsTerminal()) continue;
            if (child.State == TaskState.Running) state.CanceledAttempts.Add(new CanceledAttempt(child.Id, child.Silo!));
            Cancel(child, reason, now);
        }
    }

    /// <summary>
    /// Removes <paramref name="task"/> (not Running) and, first, its children (those Running or Waiting are
    /// canceled first): no child outlives its parent. <paramref name="record"/> emits deleted events (a
    /// delete on request) or none (the retention sweep). Returns how many tasks it removed.
    /// </summary>
    public int RemoveFamily(StoredTask task, DateTimeOffset now, bool record, bool parentGoing = false)
    {
        int removed = 0;
        for (int i = 0; i < task.ChildCount; i++)
        {
            if (!state.Tasks.TryGetValue(FamilyGuard.ChildId(task.Id, i), out var child)) continue;
            if (child.State == TaskState.Running) state.CanceledAttempts.Add(new CanceledAttempt(child.Id, child.Silo!));
            if (child.State is TaskState.Running or TaskState.Waiting) Cancel(child, FamilyGuard.CanceledWithParentReason(task.Id), now);
            removed += RemoveFamily(child, now, record, parentGoing: true);
        }
        if (!parentGoing && !task.State.IsTerminal()) Ended(task, now, TaskState.Canceled);
        if (record) state.QueueOf(task).Record(task, TaskEventTypes.Deleted, task.State, now);
        state.Remove(task);
        return removed + 1;
    }

    /// <summary>Tells the listeners what the last transitions did; nodes a listener refused stay for the next delivery. Call outside the lock.</summary>
    public int Flush()
    {
        string[] queues;
        FinishedNode[] nodes;
        CanceledAttempt[] canceled;
        lock (state.Gate)
        {
            if (state.ReadyQueues.Count == 0 && state.FinishedNodes.Count == 0 && state.CanceledAttempts.Count == 0) return 0;
            queues = [.. state.ReadyQueues];
            nodes = [.. state.FinishedNodes];
            canceled = [.. state.CanceledAttempts];
            state.ReadyQueues.Clear();
            state.FinishedNodes.Clear();
            state.CanceledAttempts.Clear();
        }
        foreach (string queue in queues) Listeners.WorkReady(queue);
        Listeners.AttemptsCanceled(canceled);
        if (Listeners.NodesFinished(nodes)) return nodes.Length;
        lock (state.Gate) state.FinishedNodes.InsertRange(0, nodes);
        return 0;
    }
}
