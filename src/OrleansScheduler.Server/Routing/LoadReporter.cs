using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansScheduler.Api;
using OrleansScheduler.Grains;
using OrleansScheduler.Hosting;

namespace OrleansScheduler.Server.Routing;

/// <summary>
/// Pushes this silo's load to every other Active silo's worker grain (one-way), each
/// <see cref="SchedulerOptions.LoadReportInterval"/> and at once when its free slots moved by a quarter of its
/// capacity, and asks a silo it has heard nothing from for its load, so every silo's
/// <see cref="SiloLoadBoard"/> stays current without a grain call per submit or per claim.
/// </summary>
internal sealed partial class LoadReporter(
    IClusterMembershipService membership, IGrainFactory grains, SiloLoadBoard board, LocalSilo local, LocalLoad ownLoad,
    IOptions<SchedulerOptions> options, [FromKeyedServices(SchedulerClock.Key)] TimeProvider clock, ILogger<LoadReporter> logger) : ActiveSiloLoop
{
    /// <summary>How often the loop looks at its own load between reports.</summary>
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(50);

    protected override async Task RunAsync(CancellationToken stopping)
    {
        var interval = options.Value.LoadReportInterval;
        int lastFree = -1;
        var lastSent = DateTimeOffset.MinValue;
        var asked = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                var load = ownLoad.Read();
                var now = clock.GetUtcNow();
                int threshold = Math.Max(1, load.Capacity / 4);
                if (now - lastSent >= interval || Math.Abs(load.FreeSlots - lastFree) >= threshold)
                {
                    Push(load, asked);
                    lastFree = load.FreeSlots;
                    lastSent = now;
                }
                await Task.Delay(Tick, clock, stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private void Push(WorkerLoad load, ConcurrentDictionary<string, bool> asked)
    {
        foreach (var member in membership.CurrentSnapshot.Members.Values)
        {
            if (member.Status != SiloStatus.Active) continue;
            string id = member.SiloAddress.ToId();
            if (id == local.Id) continue;
            var worker = grains.GetGrain<IWorkerGrain>(id);
            _ = worker.ReportLoadAsync(load);
            if (!board.Knows(id) && asked.TryAdd(id, true)) _ = AskAsync(id, worker, asked);
        }
    }

    /// <summary>A silo that joined before this one pushes only at its next report: ask it once, so routing does not wait for that.</summary>
    private async Task AskAsync(string id, IWorkerGrain worker, ConcurrentDictionary<string, bool> asked)
    {
        try
        {
            board.Report(await worker.GetLoadAsync().WaitAsync(TimeSpan.FromSeconds(2)));
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            LogAskFailed(logger, e, id);
        }
        finally
        {
            asked.TryRemove(id, out _);
        }
    }

    [LoggerMessage(140, LogLevel.Debug, "Asking silo {SiloId} for its load failed; its next report will bring it")]
    private static partial void LogAskFailed(ILogger logger, Exception exception, string siloId);
}
