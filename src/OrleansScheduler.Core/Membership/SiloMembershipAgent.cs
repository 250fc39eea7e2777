using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansScheduler.Hosting;
using OrleansScheduler.Logging;
using OrleansScheduler.Storage;
using OrleansScheduler.Workers;

namespace OrleansScheduler.Membership;

/// <summary>
/// Keeps the silo in the membership table (DESIGN.md §5): joins, heartbeats with its load, looks
/// for silent silos on every beat, rejoins as a new incarnation when it learns it was declared
/// dead, drains when asked, and leaves on shutdown after the worker has drained.
/// </summary>
public sealed class SiloMembershipAgent : BackgroundService
{
    private readonly IClusterStore _cluster;
    private readonly SchedulerOptions _options;
    private readonly SiloIdentity _silo;
    private readonly SiloWorker _worker;
    private readonly TimeProvider _clock;
    private readonly SiloKillSwitch _kill;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly FailureDetector _detector;
    private readonly ILogger _logger;
    private Task? _requestedDrain;
    private volatile bool _joined;
    private volatile bool _left;

    /// <summary>Created by the host; see <c>AddScheduler</c>.</summary>
    internal SiloMembershipAgent(IClusterStore cluster, ITaskStore tasks, IOptions<SchedulerOptions> options, SiloIdentity silo, SiloWorker worker,
        TimeProvider clock, SiloKillSwitch kill, IHostApplicationLifetime lifetime, ILoggerFactory loggers)
    {
        _cluster = cluster;
        _options = options.Value;
        _silo = silo;
        _worker = worker;
        _clock = clock;
        _kill = kill;
        _lifetime = lifetime;
        _logger = loggers.CreateLogger<SiloMembershipAgent>();
        _detector = new FailureDetector(cluster, tasks, _options, _options.HeartbeatInterval, clock, _logger);
    }

    /// <summary>Whether the silo is in the membership table now: joined, and neither left nor killed.</summary>
    public bool IsMember => _joined && !_left && !_kill.IsKilled;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await JoinAsync(stoppingToken).ConfigureAwait(false);
        using var onStopping = _lifetime.ApplicationStopping.Register(() => _ = MarkShuttingDownAsync());
        using var running = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, _kill.Token);
        using var beat = new PeriodicTimer(_options.HeartbeatInterval, _clock);
        try
        {
            while (await beat.WaitForNextTickAsync(running.Token).ConfigureAwait(false))
            {
                if (!_left) await BeatAsync(running.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (running.IsCancellationRequested)
        {
        }
        // Hosted services stop in reverse order, so the worker has drained by now. A killed
        // silo says no goodbye: the others find out by its silence.
        if (!_kill.IsKilled && !_left) await LeaveAsync().ConfigureAwait(false);
    }

    private async Task JoinAsync(CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        await _cluster.JoinAsync(new SiloEntry
        {
            Id = _silo.Id,
            Name = _silo.Name,
            Address = _options.Address,
            Queues = _options.RunWorkers ? _options.Queues : [],
            Capacity = _options.RunWorkers ? _options.Capacity : 0,
            Labels = _options.Labels,
            Version = typeof(SiloMembershipAgent).Assembly.GetName().Version?.ToString() ?? "",
            StartedAt = now,
            Status = SiloStatus.Active,
        }, cancellationToken).ConfigureAwait(false);
        Log.Joined(_logger, _silo.Id, SiloStatus.Active);
        _joined = true;
        _worker.Resume();
    }

    private async Task BeatAsync(CancellationToken cancellationToken)
    {
        try
        {
            var reply = await _cluster.HeartbeatAsync(_silo.Id, _worker.RunningCount, cancellationToken).ConfigureAwait(false);
            if (!reply.Alive && !_left && !_kill.IsKilled)
            {
                await RejoinAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            if (reply.DrainRequested && _requestedDrain is null) _requestedDrain = DrainOnRequestAsync();
            await _detector.DetectAsync(_silo.Id, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            Log.HeartbeatFailed(_logger, e, _silo.Id);
        }
    }

    /// <summary>
    /// Declared dead (a pause or partition longer than DeadAfter): its tasks already run elsewhere
    /// with new tokens. Give up every attempt, then come back as a new incarnation.
    /// </summary>
    private async Task RejoinAsync(CancellationToken cancellationToken)
    {
        string oldId = _silo.Id;
        await _worker.AbandonAsync().ConfigureAwait(false);
        string newId = _silo.NextIncarnation(_clock.GetUtcNow());
        Log.Rejoining(_logger, oldId, newId);
        await JoinAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task DrainOnRequestAsync()
    {
        Log.DrainRequested(_logger, _silo.Id);
        try
        {
            await _cluster.SetStatusAsync(_silo.Id, SiloStatus.ShuttingDown).ConfigureAwait(false);
            await _worker.DrainAsync().ConfigureAwait(false);
            await LeaveAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // The worker no longer claims; if leaving failed the silo keeps heartbeating as
            // ShuttingDown and leaves on shutdown instead.
            _left = false;
            Log.HeartbeatFailed(_logger, e, _silo.Id);
        }
    }

    private async Task MarkShuttingDownAsync()
    {
        try
        {
            if (!_kill.IsKilled && !_left) await _cluster.SetStatusAsync(_silo.Id, SiloStatus.ShuttingDown).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Log.HeartbeatFailed(_logger, e, _silo.Id);
        }
    }

    private async Task LeaveAsync()
    {
        _left = true;
        await _cluster.LeaveAsync(_silo.Id).ConfigureAwait(false);
        Log.Left(_logger, _silo.Id);
    }
}
