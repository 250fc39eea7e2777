using OrleansScheduler.Hosting;

namespace OrleansScheduler.Bench;

/// <summary>How big each scenario is: the sizes (<see cref="Full"/>) or a tiny version for CI (<see cref="Smoke"/>).</summary>
public sealed record BenchSizes
{
    /// <summary>Tasks per throughput run (and per efficiency run).</summary>
    public int ThroughputTasks { get; init; }

    /// <summary>Silo capacities the throughput scenario tries.</summary>
    public IReadOnlyList<int> Capacities { get; init; } = [];

    /// <summary>Tasks per submit-rate run (store level and HTTP).</summary>
    public int SubmitTasks { get; init; }

    /// <summary>Waiting tasks the memory scenario stores.</summary>
    public int MemoryTasks { get; init; }

    /// <summary>Open-loop submit rates of the latency scenario, tasks per second.</summary>
    public IReadOnlyList<int> LatencyRates { get; init; } = [];

    /// <summary>How long the latency scenario measures at each rate.</summary>
    public TimeSpan LatencyDuration { get; init; }

    /// <summary>How long it submits at the rate before measuring.</summary>
    public TimeSpan LatencyWarmup { get; init; }

    /// <summary>Tasks (<c>sleep</c> 10 ms) per scale-out run.</summary>
    public int ScaleOutTasks { get; init; }

    /// <summary>Silo process counts the scale-out scenario compares; the first is the baseline.</summary>
    public IReadOnlyList<int> ScaleOutSilos { get; init; } = [];

    /// <summary>Long tasks running on the silo the failover scenario kills.</summary>
    public int FailoverTasks { get; init; }

    /// <summary>The failover profiles (how quickly Orleans declares a silo dead) the failover scenario tries.</summary>
    public IReadOnlyList<FailoverProfile> FailoverProfiles { get; init; } = [];

    /// <summary>Children the fan-out scenario's one parent spawns and joins.</summary>
    public int FanOutChildren { get; init; }

    /// <summary>No-op tasks per routing run (one run per routing the routing scenario compares).</summary>
    public int RoutingTasks { get; init; }

    /// <summary>Distinct keys the routing scenario's consistent-hash and concurrency-key runs spread their tasks over.</summary>
    public int RoutingKeys { get; init; }

    /// <summary>No-op tasks the grain-calls scenario runs through the store loop and through the silo's grains, each.</summary>
    public int GrainCallTasks { get; init; }

    /// <summary>Sequential no-op grain calls the grain-calls scenario times along each path.</summary>
    public int GrainCalls { get; init; }

    /// <summary>Tasks the cluster scenario spreads over its 8 queues, on the single Redis and on the cluster each.</summary>
    public int ClusterTasks { get; init; }

    /// <summary>Tasks per batch submission.</summary>
    public int BatchSize { get; init; } = 1000;

    /// <summary>Tasks the replicas scenario submits in batches for each WaitReplicas setting; a tenth of them are also submitted one at a time, for latency.</summary>
    public int ReplicaTasks { get; init; }

    /// <summary>The sizes.</summary>
    public static BenchSizes Full { get; } = new()
    {
        ThroughputTasks = 100_000,
        Capacities = [10, 100, 500],
        SubmitTasks = 100_000,
        MemoryTasks = 100_000,
        LatencyRates = [1000, 5000],
        LatencyDuration = TimeSpan.FromSeconds(10),
        LatencyWarmup = TimeSpan.FromSeconds(2),
        ScaleOutTasks = 40_000,
        ScaleOutSilos = [1, 2, 4],
        FailoverTasks = 10,
        FailoverProfiles = [FailoverProfile.Default, FailoverProfile.Fast],
        FanOutChildren = 10_000,
        RoutingTasks = 100_000,
        RoutingKeys = 1_000,
        GrainCallTasks = 100_000,
        GrainCalls = 10_000,
        ClusterTasks = 80_000,
        ReplicaTasks = 20_000,
    };

    /// <summary>Small enough that every scenario together runs in seconds (CI keeps the suite alive with it).</summary>
    public static BenchSizes Smoke { get; } = new()
    {
        ThroughputTasks = 500,
        Capacities = [10, 100],
        SubmitTasks = 1000,
        MemoryTasks = 1000,
        LatencyRates = [200],
        LatencyDuration = TimeSpan.FromSeconds(1),
        LatencyWarmup = TimeSpan.FromMilliseconds(300),
        ScaleOutTasks = 300,
        ScaleOutSilos = [1, 2],
        FailoverTasks = 3,
        FailoverProfiles = [FailoverProfile.Fast],
        FanOutChildren = 200,
        RoutingTasks = 500,
        RoutingKeys = 20,
        GrainCallTasks = 500,
        GrainCalls = 500,
        ClusterTasks = 400,
        ReplicaTasks = 500,
        BatchSize = 250,
    };
}
