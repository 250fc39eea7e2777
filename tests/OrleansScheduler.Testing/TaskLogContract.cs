using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Testing;

/// <summary>
/// What every task store keeps of the lines handlers log: per task, in order, cut to length, the
/// newest few. Subclassed once per store.
/// </summary>
public abstract class TaskLogContract : TaskHistoryContractBase
{
    private TaskLogEntry Line(string taskId, string message, int attempt = 1, string level = "Information") =>
        new(taskId, "default", attempt, Clock.GetUtcNow(), level, message);

    [Fact]
    public async Task log_lines_are_kept_per_task_in_the_order_given()
    {
        var store = await NewStore();
        var ids = await store.SubmitAsync([Echo(), Echo()]);
        var a1 = Line(ids[0], "resizing", level: "Information");
        Clock.Advance(TimeSpan.FromMilliseconds(5));
        var b1 = Line(ids[1], "other task");
        var a2 = Line(ids[0], "disk is slow", attempt: 2, level: "Warning");

        await store.AppendLogsAsync([a1, b1, a2]);
        var a3 = Line(ids[0], "done");
        await store.AppendLogsAsync([a3]);

        Assert.Equal([a1, a2, a3], (await store.GetLogsAsync(ids[0]))!);
        Assert.Equal([b1], (await store.GetLogsAsync(ids[1]))!);
    }

    [Fact]
    public async Task a_task_without_lines_has_an_empty_log_and_an_unknown_task_has_none()
    {
        var store = await NewStore();
        var id = (await store.SubmitAsync([Echo()]))[0];

        Assert.Empty((await store.GetLogsAsync(id))!);
        Assert.Null(await store.GetLogsAsync("no-such-task"));
    }

    [Fact]
    public async Task a_long_line_is_cut_to_the_longest_kept_in_characters()
    {
        var store = await NewStore(new HistoryLimits { MaxLogLineLength = 5 });
        var id = (await store.SubmitAsync([Echo()]))[0];

        await store.AppendLogsAsync([Line(id, "abcdefgh"), Line(id, "ééééééé"), Line(id, "abcde"), Line(id, "")]);

        Assert.Equal(["abcde", "ééééé", "abcde", ""], (await store.GetLogsAsync(id))!.Select(l => l.Message));
    }

    [Fact]
    public async Task only_the_newest_lines_of_a_task_are_kept()
    {
        var store = await NewStore(new HistoryLimits { MaxLogLines = 3 });
        var id = (await store.SubmitAsync([Echo()]))[0];

        await store.AppendLogsAsync([Line(id, "1"), Line(id, "2")]);
        await store.AppendLogsAsync([Line(id, "3"), Line(id, "4"), Line(id, "5")]);

        Assert.Equal(["3", "4", "5"], (await store.GetLogsAsync(id))!.Select(l => l.Message));
    }

    [Fact]
    public async Task lines_of_a_task_that_does_not_exist_are_dropped_and_the_others_kept()
    {
        var store = await NewStore();
        var id = (await store.SubmitAsync([Echo()]))[0];

        await store.AppendLogsAsync([Line("no-such-task", "lost"), Line(id, "kept")]);

        Assert.Null(await store.GetLogsAsync("no-such-task"));
        Assert.Equal(["kept"], (await store.GetLogsAsync(id))!.Select(l => l.Message));
    }

    [Fact]
    public async Task the_lines_of_a_finished_or_canceled_attempt_still_count()
    {
        var store = await NewStore();
        var claimed = await SubmitAndClaimOne(store);
        await store.CancelAsync(claimed.Id);

        await store.AppendLogsAsync([Line(claimed.Id, "last words")]);

        Assert.Equal(["last words"], (await store.GetLogsAsync(claimed.Id))!.Select(l => l.Message));
    }

    [Fact]
    public async Task deleting_a_task_removes_its_lines()
    {
        var store = await NewStore();
        await store.SubmitAsync([Echo(id: "t-1")]);
        await store.AppendLogsAsync([Line("t-1", "old")]);

        await store.DeleteAsync("t-1");

        Assert.Null(await store.GetLogsAsync("t-1"));
        await store.SubmitAsync([Echo(id: "t-1")]);
        Assert.Empty((await store.GetLogsAsync("t-1"))!);
    }
}
