using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansScheduler.Hosting;
using OrleansScheduler.Logging;
using OrleansScheduler.Membership;
using OrleansScheduler.Scheduling.Schedules;
using OrleansScheduler.Storage;

namespace OrleansScheduler.Scheduling;

/// <summary>
/// The scheduler role (DESIGN.md §7): one silo at a time holds a lease in the cluster store and
/// sweeps every queue: promote due Scheduled tasks, time out attempts past their deadline, remove
/// finished tasks past their queue's retention, finish
/// failovers a declarer left half done, and prune long-dead silos. Every sweep is idempotent, so
/// two holders at once (a paused holder whose lease ran out) only waste work. When the holder
/// dies, another silo takes the lease once it expires.
/// </summary>
public sealed class SchedulerRole : BackgroundService
{
    /// <summary>The lease name of the role.</summary>
    public const string LeaseName = "scheduler";

    private readonly IClusterStore _cluster;
    private readonly ITaskStore _tasks;
    private readonly SchedulerOptions _options;
    private readonly SiloIdentity _silo;
    private readonly TimeProvider _clock;
    private readonly SiloKillSwitch _kill;
    private readonly SiloMembershipAgent _membership;
    private readonly FailureDetector _detector;
    private readonly ScheduleFirer _firer;
    private readonly ILogger _logger;
    private string? _heldAs;

    /// <summary>Created by the host; see <c>AddScheduler</c>.</summary>
    internal SchedulerRole(IClusterStore cluster, ITaskStore tasks, IOptions<SchedulerOptions> options, SiloIdentity silo,
        TimeProvider clock, SiloKillSwitch kill, SiloMembershipAgent membership, ILoggerFactory loggers, IScheduleStore schedules)
    {
        _membership = membership;
        _cluster = cluster;
        _tasks = tasks;
        _options = options.Value;
        _silo = silo;
        _clock = clock;
        _kill = kill;
        _logger = loggers.CreateLogger<SchedulerRole>();
        _detector = new FailureDetector(cluster, tasks, _options, _options.SweepInterval, clock, _logger);
        _firer = new ScheduleFirer(schedules, tasks, clock, _logger);
    }

    /// <summary>Whether this silo held the role at its last attempt to take or renew it.</summary>
    public bool IsHolder => _heldAs is not null;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var running = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, _kill.Token);
        using var tick = new PeriodicTimer(_options.SweepInterval, _clock);
        try
        {
            do
            {
                await TickAsync(running.Token).ConfigureAwait(false);
            }
            while (await tick.WaitForNextTickAsync(running.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (running.IsCancellationRequested)
        {
        }
        // A stopping holder hands the role on at once; a killed one leaves it to expire.
        if (_heldAs is { } holder && !_kill.IsKilled) await _cluster.ReleaseLeaseAsync(LeaseName, holder).ConfigureAwait(false);
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        try
        {
            string self = _silo.Id;
            if (!_membership.IsMember)
            {
                // Only a member of the cluster holds the role: a drained silo hands it on at once.
                if (_heldAs is { } holder)
                {
                    await _cluster.ReleaseLeaseAsync(LeaseName, holder, cancellationToken).ConfigureAwait(false);
                    Log.RoleLost(_logger, holder);
                    _heldAs = null;
                }
                return;
            }
            bool held = await _cluster.TryAcquireLeaseAsync(LeaseName, self, _options.RoleLeaseTime, cancellationToken).ConfigureAwait(false);
            if (held && _heldAs != self) Log.RoleAcquired(_logger, self);
            if (!held && _heldAs is not null) Log.RoleLost(_logger, _heldAs);
            _heldAs = held ? self : null;
            if (held) await SweepAsync(self, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            Log.SweepFailed(_logger, e, _silo.Id);
        }
    }

    private async Task SweepAsync(string self, CancellationToken cancellationToken)
    {
        foreach (string queue in await _tasks.ListQueuesAsync(cancellationToken).ConfigureAwait(false))
        {
            await _tasks.PromoteDueAsync(queue, cancellationToken).ConfigureAwait(false);
            int expired = await _tasks.ExpireAttemptsAsync(queue, cancellationToken).ConfigureAwait(false);
            if (expired > 0) Log.AttemptsExpired(_logger, expired, queue);
            await _tasks.SweepFinishedAsync(queue, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        await _detector.DetectAndFinishFailoversAsync(self, cancellationToken).ConfigureAwait(false);
        await _cluster.PruneDeadAsync(_options.DeadRetention, cancellationToken).ConfigureAwait(false);
        await _firer.FireDueAsync(cancellationToken).ConfigureAwait(false);
    }
}
