using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansScheduler.Failover;
using OrleansScheduler.Grains;
using OrleansScheduler.Hosting;
using OrleansScheduler.Scheduling;
using OrleansScheduler.Storage;
using OrleansScheduler.Telemetry;

namespace OrleansScheduler.Server.Grains;

/// <summary>
/// <see cref="ISchedulerGrain"/>: a timer that keeps the grain active ticks every
/// <see cref="SchedulerOptions.SweepInterval"/>: fire due cron ticks, have each queue grain sweep, and every
/// <see cref="SchedulerOptions.BackstopInterval"/> run the failover backstop on a fresh read of the
/// membership, and poke the workflows with Waiting nodes (<see cref="WorkflowBackstop"/>); and every
/// <see cref="QueueGauges.RefreshInterval"/> read the queues' stats for the cluster-wide gauges, which only its silo reports. Where a reminder service runs, a reminder starts the grain again should every poke miss.
/// </summary>
internal sealed partial class SchedulerGrain(
    ScheduleFirer firer, ITaskStore store, FailoverBackstop backstop, WorkflowBackstop workflows, IClusterMembershipService membership, LocalSilo local,
    IOptions<SchedulerOptions> options, [FromKeyedServices(SchedulerClock.Key)] TimeProvider clock, ILogger<SchedulerGrain> logger, QueueGauges gauges)
    : Grain, ISchedulerGrain, IRemindable
{
    /// <summary>The reminder's name; its period is Orleans' minimum, 1 minute.</summary>
    public const string ReminderName = "scheduler-keep-alive";

    private DateTimeOffset _nextBackstop;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var every = options.Value.SweepInterval;
        this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(TimeSpan.Zero, every) { KeepAlive = true });
        if (ServiceProvider.GetService<Orleans.Timers.IReminderRegistry>() is not null && ServiceProvider.GetService<IReminderTable>() is not null)
        {
            try
            {
                await this.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
            }
            catch (Exception e)
            {
                LogReminderFailed(logger, e);
            }
        }
        LogActivated(logger, local.Id);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // The silo that hosts the grain next reports the queue gauges; this one stops.
        gauges.Clear();
        return Task.CompletedTask;
    }

    public Task PokeAsync() => Task.CompletedTask;

    public Task<string> GetHostAsync() => Task.FromResult(local.Id);

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask; // being active is all it is for

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        try
        {
            await firer.FireDueAsync(cancellationToken);
            foreach (string queue in await store.ListQueuesAsync(cancellationToken)) _ = GrainFactory.GetGrain<IQueueGrain>(queue).SweepAsync();
            if (gauges.IsDue) await gauges.RefreshAsync(store, cancellationToken);
            if (clock.GetUtcNow() >= _nextBackstop)
            {
                _nextBackstop = clock.GetUtcNow() + options.Value.BackstopInterval;
                await membership.Refresh(default, cancellationToken);
                await backstop.RunAsync(new MembershipView(membership.CurrentSnapshot, clock.GetUtcNow()), cancellationToken);
                await workflows.RunAsync(cancellationToken);
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogTickFailed(logger, e, local.Id);
        }
    }

    [LoggerMessage(120, LogLevel.Information, "The scheduler grain is active on silo {SiloId}")]
    private static partial void LogActivated(ILogger logger, string siloId);

    [LoggerMessage(121, LogLevel.Error, "The scheduler grain's tick on silo {SiloId} failed; it ticks again at the next interval")]
    private static partial void LogTickFailed(ILogger logger, Exception exception, string siloId);

    [LoggerMessage(122, LogLevel.Warning, "Registering the scheduler grain's keep-alive reminder failed; the silos' pokes keep it active")]
    private static partial void LogReminderFailed(ILogger logger, Exception exception);
}
