using Microsoft.Extensions.Logging;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Hosting;

/// <summary>Options of a silo: identity, the queues it serves and how its workers pull. Defaults are documented in the README and pinned by a test.</summary>
public sealed class SchedulerOptions
{
    /// <summary>
    /// This silo's name (letters, digits, '_' and '-'; at most 48); the machine name, process id and
    /// a random suffix when left empty. Each incarnation of the silo runs under
    /// <c>name.generation</c>, unique per start and per rejoin.
    /// </summary>
    public string? SiloId { get; set; }

    /// <summary>Where this silo's gateway can be reached, shown in the membership table. Default: unset.</summary>
    public string? Address { get; set; }

    /// <summary>Free-form labels shown in the membership table (zone, machine kind…).</summary>
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

    /// <summary>How often a silo heartbeats and looks for silent silos. Default: 1 s.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A silo whose last heartbeat is older than this is declared dead and its running tasks requeued. Default: 5 s.</summary>
    public TimeSpan DeadAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A task requeued more often than this because the silo running it died ends Failed as poison. Default: 3.</summary>
    public int MaxFailovers { get; set; } = 3;

    /// <summary>How long dead silos stay in the membership table for display after their failover. Default: 10 min.</summary>
    public TimeSpan DeadRetention { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long the scheduler role's lease lasts without renewal: the longest the role stays orphaned when its holder dies. Default: 5 s.</summary>
    public TimeSpan RoleLeaseTime { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the scheduler role holder sweeps: promote due tasks, time out attempts past their deadline, finish failovers. Default: 1 s.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);

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
    /// Lines a handler writes to <c>TaskContext.Logger</c> at or above this level are kept with the
    /// task (besides going to the host's log); <see cref="LogLevel.None"/> keeps none. Default: Information.
    /// </summary>
    public LogLevel TaskLogLevel { get; set; } = LogLevel.Information;
}
