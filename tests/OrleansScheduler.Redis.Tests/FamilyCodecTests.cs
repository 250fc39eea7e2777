using OrleansScheduler.Tasks;
using StackExchange.Redis;

namespace OrleansScheduler.Redis.Tests;

/// <summary>What families added to the encodings reads back, and what was stored before them still reads.</summary>
public sealed class FamilyCodecTests
{
    private static RedisResult Entry(string packed) =>
        RedisResult.Create([RedisResult.Create((RedisValue)0), RedisResult.Create((RedisValue)"1000-1"), RedisResult.Create((RedisValue)packed)]);

    [Fact]
    public void an_event_written_before_progress_existed_reads_as_one_without_progress()
    {
        var events = RedisHistoryCodec.Events("q", Entry("t1\u001fsubmitted\u001f\u001fP\u001f\u001f0\u001f1000\u001f"));

        Assert.Null(Assert.Single(events).Progress);
    }

    [Fact]
    public void a_child_finished_event_carries_its_progress_in_a_ninth_field()
    {
        var events = RedisHistoryCodec.Events("q", Entry("p1\u001fchildFinished\u001fW\u001fW\u001f\u001f0\u001f1000\u001f\u001f25"));

        var e = Assert.Single(events);
        Assert.Equal((TaskEventTypes.ChildFinished, TaskState.Waiting, 25), (e.Type, e.To, e.Progress));
    }

    [Fact]
    public void a_node_keeps_its_workflow_key_and_dependencies_through_its_short_json()
    {
        var node = new WorkflowNodeLink { WorkflowId = "wf \"1\"", Key = "resize", Dependencies = new Dictionary<string, string> { ["fetch"] = "t-9" } };

        string json = RedisNodeCodec.Encode(node);
        var back = RedisNodeCodec.Decode(json);

        Assert.Equal("{\"w\":\"wf \\u00221\\u0022\",\"k\":\"resize\",\"d\":{\"fetch\":\"t-9\"}}", json);
        Assert.Equal((node.WorkflowId, node.Key), (back.WorkflowId, back.Key));
        Assert.Equal(node.Dependencies, back.Dependencies);
    }

    [Fact]
    public void a_task_packed_before_families_reads_as_one_with_no_family()
    {
        // s, t, p, m, to, bo, c: the fields a task packed by an earlier version began with, and nothing after them
        byte[] packed = [0x97, 0xa1, (byte)'P', 0xa4, .. "echo"u8, 0xa2, .. "{}"u8, 0x03, 0xcd, 0x03, 0xe8, 0x0a, 0x00];

        var record = RedisTaskCodec.ToRecord("q", "t1", RedisTaskPacking.Fields(packed))!;

        Assert.Equal((null, null, 0, 0, 0, false, null), (record.ParentId, record.ParentQueue, record.Depth, record.ChildCount, record.ChildrenFinished,
            record.IsJoin, record.Node));
        Assert.Equal(ChildFailurePolicy.Collect, record.FailurePolicy);
    }

    [Fact]
    public void the_runs_of_a_parents_children_join_consecutive_positions_in_one_queue()
    {
        var runs = RedisFamilyFields.Runs([(0, "a"), (1, "a"), (2, "b"), (4, "b"), (5, "b")]);

        Assert.Equal([(0, 1, "a"), (2, 2, "b"), (4, 5, "b")], runs);
    }
}
