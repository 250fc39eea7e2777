using OrleansScheduler.Families;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Redis;

/// <summary>
/// Removals that take a parent's children along, across queues, one script per task: deleting a parent on
/// request and the retention sweep removing a finished family. Children go first (recursively; one still
/// Running or Waiting is canceled first), so no child outlives its parent, and a run cut short is finished
/// by the next one: what was deleted stays deleted.
/// </summary>
internal sealed class RedisFamilyCascade(RedisTaskLocator locator, RedisTaskControl control, RedisChildReader children, TaskStoreListeners listeners)
{
    /// <summary>Deletes a task that is neither Running nor Waiting, its children first; a child not yet counted counts as Canceled.</summary>
    public async Task<TaskRecord> DeleteAsync(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var task = await locator.GetAsync(id) ?? throw new TaskNotFoundException(id);
        if (task.Status is TaskState.Running or TaskState.Waiting)
            throw new TaskStateConflictException(task.Queue, id, "delete", RedisTaskControl.Deletable, task.Status);
        if (task.ChildCount > 0) await DeleteChildrenAsync(task.Queue, id, withEvents: true);
        return await control.DeleteAsync(id, task.Queue);
    }

    /// <summary>The retention sweep's removal of a due parent with its children, without events; returns how many tasks it removed.</summary>
    public async Task<int> SweepFamilyAsync(string queue, string parentId)
    {
        int removed = await DeleteChildrenAsync(queue, parentId, withEvents: false);
        try
        {
            await control.DeleteAsync(parentId, queue, countForParent: false, withEvent: false);
            return removed + 1;
        }
        catch (Exception e) when (e is TaskNotFoundException or TaskStateConflictException)
        {
            return removed; // removed by another sweep, or retried since it was found due
        }
    }

    /// <summary>
    /// Removes children a refused spawn had stored, which no parent's record names, so no cascade of the parent
    /// would find them: each is deleted, canceled first when a silo claimed it meanwhile; those already gone are skipped.
    /// </summary>
    public async Task AbandonAsync(IReadOnlyList<string> ids)
    {
        foreach (string id in ids)
        {
            for (int tries = 0; tries < 3; tries++)
            {
                try
                {
                    await DeleteAsync(id);
                    break;
                }
                catch (TaskNotFoundException)
                {
                    break;
                }
                catch (TaskStateConflictException conflict) when (conflict.Actual is TaskState.Running or TaskState.Waiting)
                {
                    try
                    {
                        await control.CancelAsync(id, "Canceled: its parent's attempt ended before the spawn was recorded.");
                    }
                    catch (TaskStateConflictException)
                    {
                        // It finished meanwhile; the next try deletes it.
                    }
                }
            }
        }
    }

    /// <summary>Deletes the parent's children, theirs first; returns how many tasks it removed.</summary>
    private async Task<int> DeleteChildrenAsync(string queue, string parentId, bool withEvents)
    {
        if (await children.ReadAsync(queue, parentId) is not { } family) return 0;
        string reason = FamilyGuard.CanceledWithParentReason(parentId);
        int removed = 0;
        foreach (var child in family.Children)
        {
            try
            {
                if (child.Status is TaskState.Running or TaskState.Waiting) await control.CancelAsync(child.Id, reason, child.Queue);
                if (child.ChildCount > 0) removed += await DeleteChildrenAsync(child.Queue, child.Id, withEvents);
                await control.DeleteAsync(child.Id, child.Queue, countForParent: false, withEvent: withEvents);
            }
            catch (Exception e) when (e is TaskNotFoundException or TaskStateConflictException)
            {
                // it finished, started or went in the meantime: look again
                if (await locator.GetAsync(child.Id) is not { } now) continue;
                if (now.Status is TaskState.Running or TaskState.Waiting) await control.CancelAsync(child.Id, reason, now.Queue);
                await control.DeleteAsync(child.Id, now.Queue, countForParent: false, withEvent: withEvents);
            }
            removed++;
        }
        // The silos that ran the children canceled here fire their handlers' tokens now, not at their next check.
        listeners.AttemptsCanceled(family.RunningAttempts());
        return removed;
    }
}
