using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.TestingHost;
using OrleansScheduler.Hosting;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Server.Tests.Infrastructure;

/// <summary>
/// A small helper over Orleans' <see cref="InProcessTestCluster"/>: every silo runs the task scheduler with the
/// test's timings, options, storage, handlers and services, and the cluster waits until each silo's worker has
/// started. Silos are found by the address tasks record (<see cref="FindSilo"/>); <see cref="WaitForMembershipAsync"/>
/// polls Orleans' membership instead of sleeping the fixed time <c>WaitForLivenessToStabilizeAsync</c> does.
/// A killed silo's host is stopped without a drain but disposed only with the cluster, so its handlers go on
/// as zombies whose outcomes reach the store. A silo whose application asks to stop (a drain on request) has
/// its host stopped, as <c>RunAsync</c> would. An in-process kill announces its own death, so it never
/// exercises failure detection: the crash suite does.
/// </summary>
public sealed class SchedulerCluster : IAsyncDisposable
{
    /// <summary>How long a silo may take to join, and the membership to agree.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly InProcessTestCluster _cluster;
    private readonly List<InProcessSiloHandle> _silos = [];
    private readonly HashSet<InProcessSiloHandle> _gone = [];

    private SchedulerCluster(InProcessTestCluster cluster) => _cluster = cluster;

    /// <summary>Timings that keep the tests short: quick polls and sweeps, a short drain.</summary>
    public static void TestTimings(SchedulerOptions options)
    {
        options.PollInterval = TimeSpan.FromMilliseconds(250);
        options.AttemptCheckInterval = TimeSpan.FromMilliseconds(250);
        options.SweepInterval = TimeSpan.FromMilliseconds(100);
        options.BackstopInterval = TimeSpan.FromSeconds(1);
        options.DrainTimeout = TimeSpan.FromSeconds(5);
        options.CancellationGracePeriod = TimeSpan.FromSeconds(2);
    }

    /// <summary>Starts <paramref name="silos"/> silos and returns once each has joined and started its worker.</summary>
    /// <param name="silos">How many silos.</param>
    /// <param name="storage">Where they keep tasks and schedules.</param>
    /// <param name="configure">The test's options, after the test timings.</param>
    /// <param name="silo">More silo configuration: handlers, services.</param>
    /// <param name="logs">Where every silo logs (shared by the test's silos).</param>
    public static async Task<SchedulerCluster> DeployAsync(int silos, ClusterStorage storage, Action<SchedulerOptions>? configure,
        Action<ISiloBuilder>? silo, ILoggerProvider? logs)
    {
        var builder = new InProcessTestClusterBuilder((short)silos);
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Logging.ClearProviders();
            if (logs is not null) host.Logging.AddProvider(logs);
        });
        builder.ConfigureSilo((_, siloBuilder) =>
        {
            siloBuilder.AddTaskScheduler(o =>
            {
                TestTimings(o);
                configure?.Invoke(o);
            });
            storage.Configure(siloBuilder);
            silo?.Invoke(siloBuilder);
        });
        var cluster = new SchedulerCluster(builder.Build());
        await cluster._cluster.DeployAsync();
        foreach (var handle in cluster._cluster.Silos) await cluster.AdoptAsync(handle);
        return cluster;
    }

    /// <summary>A client of the cluster, as an application outside it would have.</summary>
    public IClusterClient Client => _cluster.Client;

    /// <summary>Every silo started so far, in order, stopped and killed ones included.</summary>
    public IReadOnlyList<InProcessSiloHandle> Silos
    {
        get
        {
            lock (_silos) return [.. _silos];
        }
    }

    /// <summary>The silos running now.</summary>
    public IReadOnlyList<InProcessSiloHandle> ActiveSilos => [.. Silos.Where(s => s.IsActive)];

    /// <summary>The address tasks record for <paramref name="silo"/>.</summary>
    public static string IdOf(SiloHandle silo) => silo.SiloAddress.ToId();

    /// <summary>The silo whose address is <paramref name="siloId"/> (a task's <c>Silo</c>, a handler's <c>SiloId</c>).</summary>
    public InProcessSiloHandle FindSilo(string siloId) =>
        Silos.FirstOrDefault(s => IdOf(s) == siloId) ?? throw new InvalidOperationException($"No silo {siloId} in the cluster.");

    /// <summary>A service of one silo.</summary>
    public static T Service<T>(InProcessSiloHandle silo) where T : notnull => silo.ServiceProvider.GetRequiredService<T>();

    /// <summary>Kills the silo as a crash would: no drain, no goodbye; its handlers go on as zombies until the cluster is disposed.</summary>
    public async Task KillSiloAsync(InProcessSiloHandle silo)
    {
        if (!Leave(silo)) return;
        await silo.StopSiloAsync(stopGracefully: false);
    }

    /// <summary>Stops the silo gracefully, as on SIGTERM: it drains, then leaves the cluster.</summary>
    public async Task StopSiloAsync(InProcessSiloHandle silo)
    {
        if (!Leave(silo)) return;
        await silo.StopSiloAsync(stopGracefully: true);
    }

    /// <summary>Starts one more silo and returns once it has joined and started its worker.</summary>
    public async Task<InProcessSiloHandle> StartAdditionalSiloAsync()
    {
        var silo = await _cluster.StartAdditionalSiloAsync();
        await AdoptAsync(silo);
        return silo;
    }

    /// <summary>Notes that the test stops <paramref name="silo"/>; false when it is gone already.</summary>
    private bool Leave(InProcessSiloHandle silo)
    {
        lock (_gone) return _gone.Add(silo);
    }

    private async Task AdoptAsync(InProcessSiloHandle silo)
    {
        lock (_silos) _silos.Add(silo);
        // A host run with RunAsync stops when its application asks (a silo drained on request does); these are only started.
        Service<IHostApplicationLifetime>(silo).ApplicationStopping.Register(() =>
        {
            if (Leave(silo)) _ = Task.Run(() => silo.StopSiloAsync(stopGracefully: true));
        });
        await WaitForJoinAsync(silo);
    }

    /// <summary>
    /// Polls the membership as every running silo sees it until it agrees with what the test did: running
    /// silos Active, killed and stopped ones Dead (or gone).
    /// </summary>
    public async Task WaitForMembershipAsync()
    {
        foreach (var observer in ActiveSilos)
        {
            var membership = Service<IClusterMembershipService>(observer);
            await Eventually.Until(() => Task.FromResult(membership.CurrentSnapshot), Agrees,
                $"silo {IdOf(observer)} to see every running silo Active and every stopped or killed one Dead", Patience);
        }

        bool Agrees(ClusterMembershipSnapshot snapshot)
        {
            foreach (var silo in Silos)
            {
                var status = snapshot.GetSiloStatus(silo.SiloAddress);
                bool gone;
                lock (_gone) gone = _gone.Contains(silo);
                if (gone ? status is not (SiloStatus.Dead or SiloStatus.None) : status != SiloStatus.Active) return false;
            }
            return true;
        }
    }

    private static Task WaitForJoinAsync(InProcessSiloHandle silo) =>
        Eventually.Until(() => Task.FromResult(Service<LocalSilo>(silo).IsJoined), joined => joined,
            $"silo {silo.Name} to join the cluster and start its worker", Patience);

    /// <summary>Stops every silo that still runs, gracefully.</summary>
    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();
}
