using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging;
using OrleansScheduler.Logging;
using OrleansScheduler.Scheduling.Cron;
using OrleansScheduler.Scheduling.Schedules;
using OrleansScheduler.Routing;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using OrleansScheduler.Workers;

namespace OrleansScheduler.Scheduling;

/// <summary>
/// Fires due cron schedules (DESIGN.md §2); the scheduler grain calls it on every tick. Each tick
/// fires exactly once across the cluster, however many firers race (two activations of the scheduler
/// grain for a while) and wherever the grain moves:
/// the tick's task is submitted under the idempotency key <see cref="TickKey"/>, so every firer of
/// the tick gets the same task id back, and only then is the schedule advanced past the tick by a
/// compare-and-set (<see cref="IScheduleStore.TryAdvanceAsync"/>) that exactly one firer wins. A
/// firer that dies between the two leaves the tick due, and the next sweep submits it again and
/// gets the same task.
/// </summary>
/// <remarks>
/// Misfires, as in Quartz: a schedule whose next tick is more than <see cref="MisfireThreshold"/> old
/// when a firer looks (no scheduler grain ran for that long: the whole cluster was down) has missed it and every tick up to now.
/// <see cref="CatchUpPolicy.None"/> skips them all; <see cref="CatchUpPolicy.Once"/> fires one task for
/// them (keyed by the first missed tick, the one every racing firer sees). Either way the schedule
/// goes on from the first tick after now. Ticks less late than that (the grain moving after its silo
/// died, a slow sweep) all fire, up to <see cref="MaxTicksPerSweep"/> per schedule and sweep. The
/// workers of a queue a tick's task finds idle are told (<see cref="IWorkNotifier"/>).
/// </remarks>
public sealed class ScheduleFirer(IScheduleStore schedules, ITaskStore tasks, TimeProvider clock, ILogger? logger = null, IWorkNotifier? notifier = null, TaskPlacer? placer = null)
{
    /// <summary>The default <see cref="MisfireThreshold"/>: 60 s, as Quartz's.</summary>
    public static readonly TimeSpan DefaultMisfireThreshold = TimeSpan.FromSeconds(60);

    /// <summary>The default <see cref="MaxTicksPerSweep"/>.</summary>
    public const int DefaultMaxTicksPerSweep = 100;

    /// <summary>Most due schedules one sweep looks at; the rest wait for the next sweep.</summary>
    public const int MaxSchedulesPerSweep = 1000;

    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    /// <summary>A tick due longer ago than this is missed and handled by the schedule's <see cref="CatchUpPolicy"/>. Default: 60 s.</summary>
    public TimeSpan MisfireThreshold { get; init; } = DefaultMisfireThreshold;

    /// <summary>Most ticks of one schedule fired (or skipped) in one sweep. Default: 100.</summary>
    public int MaxTicksPerSweep { get; init; } = DefaultMaxTicksPerSweep;

    /// <summary>The idempotency key of the task for <paramref name="schedule"/>'s tick at <paramref name="tick"/>: <c>schedule:&lt;name&gt;:&lt;tick unix ms&gt;</c>.</summary>
    public static string TickKey(string schedule, DateTimeOffset tick) => $"schedule:{schedule}:{tick.ToUnixTimeMilliseconds()}";

    /// <summary>Fires every due tick of every enabled schedule; returns how many tasks this call's ticks submitted.</summary>
    public async Task<int> FireDueAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        int fired = 0;
        foreach (var schedule in await schedules.ListDueAsync(now, MaxSchedulesPerSweep, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                fired += await FireAsync(schedule, now, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // One broken schedule (a template the task store refuses) must not hold the others up.
                ScheduleLog.ScheduleFireFailed(_logger, e, schedule.Name);
            }
        }
        return fired;
    }

    private async Task<int> FireAsync(Schedule schedule, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var definition = schedule.Definition;
        var cron = CronExpression.Parse(definition.Cron);
        var zone = ScheduleTimeZones.Find(definition.TimeZone);
        string? lastTaskId = schedule.LastTaskId;
        int fired = 0;
        var due = schedule.NextFireAt;
        for (int i = 0; i < MaxTicksPerSweep && due is { } tick && tick <= now; i++)
        {
            bool missed = now - tick > MisfireThreshold;
            var next = cron.GetNextOccurrence(missed ? now : tick, zone);
            bool fire = !missed || definition.CatchUp == CatchUpPolicy.Once;
            if (missed) ScheduleLog.ScheduleTicksMissed(_logger, schedule.Name, tick, MisfireThreshold, definition.CatchUp, next);

            string? unfinished = fire && definition.Overlap == OverlapPolicy.Skip ? await UnfinishedAsync(lastTaskId, cancellationToken).ConfigureAwait(false) : null;
            string? taskId = fire && unfinished is null ? await SubmitAsync(definition, tick, cancellationToken).ConfigureAwait(false) : null;
            if (!await schedules.TryAdvanceAsync(schedule.Name, tick, next, clock.GetUtcNow(), taskId, cancellationToken).ConfigureAwait(false))
            {
                // Another firer advanced it (and got the same task for the tick), or the schedule was
                // replaced, disabled or deleted meanwhile: the next sweep starts from what is stored.
                ScheduleLog.ScheduleRaceLost(_logger, schedule.Name, tick);
                break;
            }
            if (taskId is not null)
            {
                ScheduleLog.ScheduleFired(_logger, schedule.Name, tick, taskId, definition.Task.Queue, next);
                lastTaskId = taskId;
                fired++;
            }
            else if (unfinished is not null)
            {
                ScheduleLog.OverlapPolicySkipped(_logger, schedule.Name, tick, unfinished, next);
            }
            due = next;
        }
        return fired;
    }

    /// <summary>The id of the schedule's last task when it exists and has not finished, else null.</summary>
    private async Task<string?> UnfinishedAsync(string? lastTaskId, CancellationToken cancellationToken)
    {
        if (lastTaskId is null) return null;
        var task = await tasks.GetAsync(lastTaskId, cancellationToken).ConfigureAwait(false);
        return task is not null && !task.Status.IsTerminal() ? lastTaskId : null;
    }

    private async Task<string> SubmitAsync(ScheduleDefinition definition, DateTimeOffset tick, CancellationToken cancellationToken)
    {
        try
        {
            var task = definition.Task.ToSubmission(TickKey(definition.Name, tick));
            if (placer is not null && await placer.FansOutAsync(task, cancellationToken).ConfigureAwait(false))
            {
                // a broadcast or sharded template: each tick is a parent with one child per silo or shard
                var family = await tasks.SubmitFamilyAsync(await placer.ExpandAsync(task, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                foreach (string queue in family.IdleQueues) notifier?.WorkReady(queue);
                return family.ParentId;
            }
            var placed = placer is null ? [task] : await placer.PlaceAsync([task], cancellationToken).ConfigureAwait(false);
            var ids = await tasks.SubmitAsync(placed, cancellationToken).ConfigureAwait(false);
            foreach (string queue in ids.IdleQueues) notifier?.WorkReady(queue);
            return ids[0];
        }
        catch (IdempotencyConflictException conflict)
        {
            // The tick was fired already, by an earlier definition under the same name with another
            // template: that task stands for the tick.
            return conflict.ExistingTaskId;
        }
    }
}
