using OrleansScheduler.Testing;

namespace OrleansScheduler.Bench;

/// <summary>
/// Separate silo processes for the failover and scale-out scenarios: a <see cref="LocalCluster"/>
/// (compose/cluster.sh: its own redis-server, Redis clustering under a cluster id of its own, free Orleans
/// ports, and only the pids it recorded are signalled) running the silo and gateway builds of this
/// harness's configuration, whose state directory goes with it.
/// </summary>
public static class BenchCluster
{
    /// <summary>Starts redis-server and <paramref name="silos"/> silos named silo-1…silo-N, each given <paramref name="siloArgs"/>.</summary>
    public static async Task<LocalCluster> StartAsync(int silos, string siloArgs)
    {
        var cluster = new LocalCluster("orleans-scheduler-bench-cluster-") { DeleteStateOnDispose = true };
        try
        {
            // The project references the silo and the gateway so they are built in the same configuration.
            string silo = cluster.SiloBuildOf(typeof(BenchCluster).Assembly)
                ?? throw new InvalidOperationException("No silo build beside the harness; build src/OrleansScheduler.Silo in the harness's configuration.");
            string? gateway = cluster.GatewayBuildOf(typeof(BenchCluster).Assembly);
            int basePort = 30000 + Random.Shared.Next(20000); // the silos' HTTP ports; the script moves past ports in use
            await cluster.StartAsync(silos, basePort, siloArgs, silo, gateway);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }
}
