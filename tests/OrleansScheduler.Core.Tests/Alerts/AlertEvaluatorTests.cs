using OrleansScheduler.Alerts;
using OrleansScheduler.Scheduling.Schedules;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Core.Tests.Alerts;

/// <summary>Each rule kind over snapshots read on a fake clock.</summary>
public sealed class AlertEvaluatorTests
{
    private readonly FakeTimeProvider _clock = new();
    private readonly AlertEvaluator _evaluator = new();

    private static AlertRule Rule(AlertKind kind, string? queue = null) => new() { Name = "r", Kind = kind, Queue = queue, WebhookUrl = "http://127.0.0.1:9/hook" };

    private static QueueStats Queue(string name, long pending = 0, TimeSpan? oldest = null) => new()
    {
        Queue = name,
        Counts = Enum.GetValues<TaskState>().ToDictionary(s => s, s => s == TaskState.Pending ? pending : 0L),
        OldestPendingAge = oldest,
        Limits = QueueLimits.None,
    };

    private IReadOnlyList<AlertCandidate> Evaluate(AlertRule rule, Func<AlertSnapshot, AlertSnapshot> with) =>
        _evaluator.Evaluate([rule], with(new AlertSnapshot { Now = _clock.GetUtcNow() }));

    [Fact]
    public void a_failed_event_in_the_watched_queue_is_a_candidate_for_its_task_and_other_queues_are_not()
    {
        TaskEvent Failed(string id, string queue) => new() { Id = "1-0", TaskId = id, Queue = queue, Type = TaskEventTypes.Failed, Attempt = 3, Error = "boom" };

        var candidates = Evaluate(Rule(AlertKind.TaskFailed, "orders"), s => s with { Failures = [Failed("t1", "orders"), Failed("t2", "mail")] });

        var candidate = Assert.Single(candidates);
        Assert.Equal("t1", candidate.Subject);
        Assert.Equal("orders", candidate.Queue);
        Assert.Contains("boom", candidate.Message);
    }

    [Fact]
    public void an_old_pending_task_fires_only_once_the_age_has_held_for_the_rules_duration()
    {
        var rule = Rule(AlertKind.OldestPending, "orders") with { OlderThanMs = 30_000, ForMs = 10_000 };
        AlertSnapshot Old(AlertSnapshot s) => s with { Queues = [Queue("orders", 1, TimeSpan.FromSeconds(40))] };

        Assert.Empty(Evaluate(rule, Old));
        _clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Empty(Evaluate(rule, Old));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("orders", Assert.Single(Evaluate(rule, Old)).Subject);
    }

    [Fact]
    public void a_young_oldest_pending_task_is_no_candidate()
    {
        var rule = Rule(AlertKind.OldestPending) with { OlderThanMs = 30_000 };

        Assert.Empty(Evaluate(rule, s => s with { Queues = [Queue("orders", 1, TimeSpan.FromSeconds(29)), Queue("mail")] }));
    }

    [Fact]
    public void a_deep_queue_whose_depth_drops_below_the_threshold_starts_its_duration_again()
    {
        var rule = Rule(AlertKind.QueueDepth) with { Depth = 100, ForMs = 5_000 };
        AlertSnapshot Deep(AlertSnapshot s) => s with { Queues = [Queue("orders", 101)] };

        Assert.Empty(Evaluate(rule, Deep));
        _clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Empty(Evaluate(rule, s => s with { Queues = [Queue("orders", 100)] }));
        _clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Empty(Evaluate(rule, Deep));
        _clock.Advance(TimeSpan.FromSeconds(5));
        var candidate = Assert.Single(Evaluate(rule, Deep));
        Assert.Contains("101 pending", candidate.Message);
    }

    [Fact]
    public void a_deep_queue_without_a_duration_fires_at_once()
    {
        Assert.Single(Evaluate(Rule(AlertKind.QueueDepth) with { Depth = 0 }, s => s with { Queues = [Queue("orders", 1), Queue("mail", 0)] }));
    }

    [Fact]
    public void every_newly_dead_silo_is_a_candidate_of_its_own()
    {
        var candidates = Evaluate(Rule(AlertKind.SiloDead), s => s with { DeadSilos = ["S127.0.0.1:11111:1", "S127.0.0.1:11112:2"] });

        Assert.Equal(["S127.0.0.1:11111:1", "S127.0.0.1:11112:2"], candidates.Select(c => c.Subject));
    }

    [Fact]
    public void a_tick_overdue_past_the_grace_is_missed_and_named_by_its_time_while_a_disabled_schedule_is_not()
    {
        var due = _clock.GetUtcNow() - TimeSpan.FromSeconds(61);
        Schedule Of(string name, bool enabled) => new()
        {
            Definition = new ScheduleDefinition { Name = name, Cron = "* * * * *", Enabled = enabled, Task = new ScheduleTaskTemplate { Type = "echo" } },
            NextFireAt = due,
        };

        var candidates = Evaluate(Rule(AlertKind.CronMissed), s => s with { Schedules = [Of("nightly", true), Of("off", false)] });

        Assert.Equal($"nightly@{due:O}", Assert.Single(candidates).Subject);
        Assert.Empty(Evaluate(Rule(AlertKind.CronMissed) with { GraceMs = 120_000 }, s => s with { Schedules = [Of("nightly", true)] }));
    }
}
