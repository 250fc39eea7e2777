using Microsoft.Extensions.Logging;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Hosting;

/// <summary>
/// Options of the task scheduler in a silo: the queues it serves, how its workers pull, failover and
/// history. Configuration section <c>Scheduler</c>. Defaults are documented in docs/configuration.md and pinned by a
/// test. The silo's identity and ports are Orleans' own (<c>SiloOptions</c>, <c>EndpointOptions</c>).
/// </summary>
public sealed class SchedulerOptions
{
    /// <summary>Free-form labels this silo shows in <c>/api/silos</c> (zone, machine kind…), published as Orleans silo metadata.</summary>
    public Dictionary<string, string> Labels { get; set; } = [];

    /// <summary>The queues this silo's workers serve. Default: <c>["default"]</c>.</summary>
    public List<string> Queues { get; set; } = [TaskLimits.DefaultQueue];

    /// <summary>
    /// Relative weights of the queues in <see cref="Queues"/>, by queue name (1–1000; a queue not
    /// listed weighs 1). When several queues have a backlog and slots are scarce, the silo's slots
    /// go to them in proportion to their weights; slots a queue leaves unused go to the others.
    /// Default: none (all queues weigh 1).
    /// </summary>
    public Dictionary<string, int> QueueWeights { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Whether this silo runs workers at all; false makes a gateway-only silo. Default: true.</summary>
    public bool RunWorkers { get; set; } = true;

    /// <summary>Slots: how many attempts this silo runs at once across its queues. Default: 100.</summary>
    public int Capacity { get; set; } = 100;

    /// <summary>Most tasks taken in one claim. Default: 100.</summary>
    public int ClaimBatchSize { get; set; } = 100;

    /// <summary>Most outcomes stored in one completion call. Default: 500.</summary>
    public int CompletionBatchSize { get; set; } = 500;

    /// <summary>How often an idle worker looks for work when no wake-up came. Default: 1 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often a silo asks the store which of its running attempts are no longer current (canceled,
    /// timed out, failed over): the fallback for a cancel message it missed. Default: 1 s.
    /// </summary>
    public TimeSpan AttemptCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A task requeued more often than this because the silo running it died ends Failed as poison. Default: 3.</summary>
    public int MaxFailovers { get; set; } = 3;

    /// <summary>
    /// How quickly Orleans declares a silo dead: <see cref="Hosting.FailoverProfile.Default"/> (Orleans'
    /// own options, about 6 s after a kill -9) or <see cref="Hosting.FailoverProfile.Fast"/> (about 1 s).
    /// Config <c>Scheduler:FailoverProfile</c>, or <c>--failover fast</c>. Default: Default.
    /// </summary>
    public FailoverProfile FailoverProfile { get; set; } = FailoverProfile.Default;

    /// <summary>How often the scheduler grain ticks: fires due cron schedules and has every queue grain sweep (promote due tasks, time out attempts past their deadline, remove finished tasks past retention). Default: 1 s.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the scheduler grain runs the failover backstop (requeues the work of owners the membership lists as Dead or no longer lists). Default: 10 s.</summary>
    public TimeSpan BackstopInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>On shutdown, how long running attempts may finish before they are canceled. Default: 30 s.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a handler may ignore the cancellation of its attempt (the task was canceled, timed
    /// out or failed over) before the silo stops waiting for it and frees its slot. Default: 10 s.
    /// </summary>
    public TimeSpan CancellationGracePeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest payload accepted, in UTF-8 bytes. Default: 256 KiB.</summary>
    public int MaxPayloadBytes { get; set; } = TaskLimits.DefaultMaxPayloadBytes;

    /// <summary>
    /// How much history the store keeps: events per queue (default 10 000; 0 turns events off), log
    /// lines per task (200, each cut to 2 000 characters) and finished attempts per task (100).
    /// Config keys <c>Scheduler:History:EventStreamLength</c>, <c>…:MaxLogLines</c>, <c>…:MaxLogLineLength</c>, <c>…:MaxAttemptHistory</c>.
    /// </summary>
    public Storage.HistoryLimits History { get; set; } = Storage.HistoryLimits.Default;

    /// <summary>
    /// Largest result a handler may return, in UTF-8 bytes of its JSON; a larger one fails the
    /// attempt without retry. Default: 64 KiB.
    /// </summary>
    public int MaxResultBytes { get; set; } = DefaultMaxResultBytes;

    /// <summary>The default of <see cref="MaxResultBytes"/>: 64 KiB.</summary>
    public const int DefaultMaxResultBytes = 64 * 1024;

    /// <summary>
    /// How deep children may nest: a task without a parent is at depth 0, its children at 1, theirs at 2;
    /// a handler whose children would pass this depth fails without retry. 1 to 32; default 5.
    /// </summary>
    public int MaxFamilyDepth { get; set; } = DefaultMaxFamilyDepth;

    /// <summary>The default of <see cref="MaxFamilyDepth"/>.</summary>
    public const int DefaultMaxFamilyDepth = 5;

    /// <summary>
    /// Lines a handler writes to <c>TaskContext.Logger</c> at or above this level are kept with the
    /// task (besides going to the host's log); <see cref="LogLevel.None"/> keeps none. Default: Information.
    /// </summary>
    public LogLevel TaskLogLevel { get; set; } = LogLevel.Information;

    /// <summary>
    /// How long a task pinned to a silo that is not Active waits for it before it ends Failed (routing
    /// strategy <c>pinned</c>). Default: 5 min.
    /// </summary>
    public TimeSpan PinnedWait { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a silo leaves a least-loaded or best-fit task to another silo whose pushed load suits it
    /// better, counted from when the task became ready; after that any silo it fits takes it. Default: 250 ms.
    /// </summary>
    public TimeSpan LoadDeferWindow { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often a silo's worker pushes its load (free slots) to the other silos, besides at once when it changes by a quarter of its capacity. Default: 500 ms.</summary>
    public TimeSpan LoadReportInterval { get; set; } = TimeSpan.FromMilliseconds(500);
}
