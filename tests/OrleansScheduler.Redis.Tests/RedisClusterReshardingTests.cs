using System.Collections.Concurrent;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Redis.Tests;

/// <summary>
/// A queue's slot moved to another node while tasks are submitted, claimed and completed in it, by the procedure
/// docs/redis.md gives operators: the store follows the MOVED redirections and no task is lost or ends twice.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterReshardingTests(RedisClusterFixture redis)
{
    private const string Queue = "moving";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task moving_a_queues_slot_mid_run_loses_no_task_and_ends_each_once()
    {
        var store = redis.NewStore(TimeProvider.System);
        var cluster = redis.Cluster;
        int slot = await cluster.KeySlotAsync($"{{q:{Queue}}}");
        int source = await cluster.OwnerOfAsync(slot);
        int target = cluster.Ports.First(p => p != source);
        var submitted = new ConcurrentQueue<string>();
        var completed = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        var worker = Task.Run(() => RunAsync(store, submitted, completed, stop.Token));

        await Eventually.Until(() => Task.FromResult(completed.Count), n => n >= 50 || worker.IsCompleted, "50 tasks completed before the move", Patience);
        await MoveSlotAsync(slot, source, target);
        int atMove = completed.Count;
        await Eventually.Until(() => Task.FromResult(completed.Count), n => n >= atMove + 50 || worker.IsCompleted, "50 more tasks completed after the move", Patience);
        await stop.CancelAsync();
        await worker;

        Assert.Equal(target, await cluster.OwnerOfAsync(slot, source));
        Assert.Equal(target, await cluster.OwnerOfAsync(slot, target));
        Assert.Equal("0", (await cluster.CliAsync(source, "CLUSTER", "COUNTKEYSINSLOT", slot.ToString())).Trim());
        Assert.Equal(submitted.Order(StringComparer.Ordinal), completed.Order(StringComparer.Ordinal));
        var stats = await store.GetQueueStatsAsync(Queue);
        Assert.Equal(submitted.Count, stats.Counts[TaskState.Succeeded]);
        Assert.Equal(submitted.Count, stats.Counts.Values.Sum());
    }

    /// <summary>Submits, claims and completes in a loop until stopped, then until every submitted task is completed.</summary>
    private static async Task RunAsync(ITaskStore store, ConcurrentQueue<string> submitted, ConcurrentQueue<string> completed, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested || completed.Count < submitted.Count)
        {
            if (!stop.IsCancellationRequested)
            {
                var ids = await store.SubmitAsync([.. Enumerable.Range(0, 5).Select(_ => new TaskSubmission { Type = "echo", Queue = Queue, Payload = "{}" })]);
                foreach (string id in ids) submitted.Enqueue(id);
            }
            var batch = await store.ClaimAsync(Queue, "silo-a", 8);
            var outcomes = await store.CompleteAsync([.. batch.Tasks.Select(t => new TaskCompletion(t.Id, Queue, t.Token, "1"))]);
            Assert.All(outcomes, o => Assert.Equal(OutcomeResult.Accepted, o));
            foreach (var task in batch.Tasks) completed.Enqueue(task.Id);
        }
    }

    /// <summary>Lists a slot's keys and migrates them all in one MIGRATE (ARGV: slot, target host, target port).</summary>
    private const string MoveAll =
        "local keys = redis.call('CLUSTER', 'GETKEYSINSLOT', ARGV[1], 1000000) " +
        "if #keys == 0 then return 'NOKEY' end " +
        "return redis.call('MIGRATE', ARGV[2], ARGV[3], '', 0, 5000, 'REPLACE', 'KEYS', unpack(keys))";

    /// <summary>The operators' procedure (docs/redis.md, "Moving a queue's slot").</summary>
    private async Task MoveSlotAsync(int slot, int source, int target)
    {
        var cluster = redis.Cluster;
        string sourceId = await cluster.NodeIdAsync(source), targetId = await cluster.NodeIdAsync(target);
        await cluster.CliAsync(target, "CLUSTER", "SETSLOT", slot.ToString(), "IMPORTING", sourceId);
        // One step on the source: every key of the slot leaves (listed and migrated by one script, so no key is
        // created in between) and the write pause begins, so no script runs there on half of them.
        string reply = await cluster.CliPipeAsync(source,
        [
            "MULTI",
            $"EVAL \"{MoveAll}\" 0 {slot} 127.0.0.1 {target}",
            "CLIENT PAUSE 10000 WRITE",
            "EXEC",
        ]);
        Assert.DoesNotContain("ERR", reply);
        Assert.Equal("0", (await cluster.CliAsync(source, "CLUSTER", "COUNTKEYSINSLOT", slot.ToString())).Trim());
        foreach (int port in new[] { target, source }.Concat(cluster.Ports.Where(p => p != source && p != target)))
            await cluster.CliAsync(port, "CLUSTER", "SETSLOT", slot.ToString(), "NODE", targetId);
        await cluster.CliAsync(source, "CLIENT", "UNPAUSE");
    }
}
