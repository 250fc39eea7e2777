using OrleansScheduler.Families;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using StackExchange.Redis;

namespace OrleansScheduler.Redis;

/// <summary>
/// The Redis store's parents and children (<see cref="ITaskFamilies"/>): a family is one submit.lua call; a
/// spawn stores the children one submit.lua call per queue (keeping those a first run stored), then records
/// them on the parent with spawn.lua, fenced by its token; a page of children is read with
/// <see cref="RedisChildReader"/>. Waiting, unblocking and delivering notices are the store's, the control's
/// and the courier's.
/// </summary>
internal sealed class RedisTaskFamilies(IConnectionMultiplexer connection, RedisKeys keys, RedisTaskScripts scripts, RedisTaskLocator locator,
    RedisTaskSubmitter submitter, RedisChildReader children, TimeProvider clock, int maxPayloadBytes, RedisFamilyCascade cascade)
{
    public Task<SubmittedFamily> SubmitFamilyAsync(FamilySubmission family)
    {
        var now = clock.GetUtcNow();
        FamilyGuard.ThrowIfInvalid(family, now, maxPayloadBytes);
        return submitter.SubmitFamilyAsync(family, now);
    }

    public async Task<SpawnResult> SpawnChildrenAsync(ChildSpawn spawn)
    {
        ArgumentNullException.ThrowIfNull(spawn);
        var now = clock.GetUtcNow();
        FamilyGuard.ThrowIfInvalidChildren(spawn.Children, now, maxPayloadBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(spawn.FirstIndex);
        if (!TaskLimits.IsValidQueue(spawn.ParentQueue)) return SpawnResult.Refused(OutcomeResult.NotFound);

        // checked before anything is stored, so a refused spawn changes nothing; the positions it names that
        // exist (in whatever queue an earlier spawn put them) are kept
        int n = spawn.Children.Count;
        var family = await children.ReadAsync(spawn.ParentQueue, spawn.ParentId, spawn.FirstIndex, n);
        var parent = family?.Parent;
        var refusal = parent is null ? OutcomeResult.NotFound
            : parent.Status != TaskState.Running ? OutcomeResult.NotRunning
            : parent.Token != spawn.ParentToken ? OutcomeResult.StaleToken
            : OutcomeResult.Accepted;
        if (refusal != OutcomeResult.Accepted) return SpawnResult.Refused(refusal);

        var existing = family!.Children.Select(c => c.ChildIndex).ToHashSet();
        var ids = new string[n];
        var fields = new RedisFamilyFields[n];
        for (int i = 0; i < n; i++)
        {
            ids[i] = FamilyGuard.ChildId(spawn.ParentId, spawn.FirstIndex + i);
            fields[i] = RedisFamilyFields.Child(spawn.ParentId, spawn.ParentQueue, spawn.FirstIndex + i, parent!.Depth + 1);
        }
        int[] missing = [.. Enumerable.Range(0, n).Where(i => !existing.Contains(spawn.FirstIndex + i))];
        IReadOnlyList<string> idle = [];
        if (missing.Length > 0)
        {
            // submit.lua keeps one stored since in its queue too (a racing spawn, or a first run whose spawn.lua never ran)
            (idle, _) = await submitter.StoreChildrenAsync([.. missing.Select(i => spawn.Children[i])], [.. missing.Select(i => ids[i])],
                [.. missing.Select(i => fields[i])], now);
        }

        // Then the parent, fenced again: a crash before this line leaves children its rerun attempt finds.
        var runs = RedisFamilyFields.Runs(missing.Select(i => (spawn.FirstIndex + i, spawn.Children[i].Queue)));
        var args = new List<RedisValue>
        {
            spawn.ParentId, spawn.ParentToken, (long)spawn.FirstIndex + n, spawn.Policy == ChildFailurePolicy.FailFast ? "F" : "",
        };
        foreach (var (first, last, queue) in runs) args.AddRange([first, last, queue]);
        var code = (long)await scripts.EvaluateAsync(connection.GetDatabase(), scripts.Spawn, keys.Queue(spawn.ParentQueue), [.. args]);
        var outcome = RedisTaskCodec.Outcome(code);
        if (outcome == OutcomeResult.Accepted) return new SpawnResult(outcome, ids, idle);
        // The parent ended or moved on between the check and spawn.lua: the children just stored are on no
        // parent's record, so no cascade, delete or sweep of the parent would find them. Take them back (a
        // rerun attempt that spawns again stores them anew).
        await cascade.AbandonAsync([.. missing.Select(i => ids[i])]);
        return SpawnResult.Refused(outcome);
    }

    public async Task<ChildPage?> GetChildrenAsync(string parentId, int start, int max)
    {
        ArgumentNullException.ThrowIfNull(parentId);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        if (await locator.FindQueueAsync(parentId) is not { } queue) return null;
        if (await children.ReadAsync(queue, parentId, start, max) is not { } family) return null; // deleted since it was found
        return new ChildPage(
            [.. family.Children.Select(c => new ChildTask(c.ChildIndex, c.Id, c.Queue, c.Type, c.Status, c.Result, c.Error))],
            family.Parent.ChildCount);
    }
}
